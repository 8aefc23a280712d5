// A tiny static file server for the demo site and the browser tests.
//
//   node scripts/serve.mjs [root]          serves dist/www by default
//   node scripts/serve.mjs --demo [root]   also the walkthrough's web sites
//   PORT=9000 HOST=0.0.0.0 node scripts/serve.mjs
//
// No dependencies. It serves files under its roots only (no directory
// traversal, no symlinks out of them), with the right MIME types for .wasm and
// JS modules, and the same Content-Security-Policy the extension uses, so that
// the pages are tested under the policy they ship with.
//
// Virtual hosts: `sites` maps a host name (the Host header without its port)
// to the folders it serves, searched in order, and to files made on request
// (the walkthrough's freshly signed notices). Any other host gets `root`.
// Chromium resolves every *.localhost name to this machine, so the demo can
// show a look-alike domain under its own name with no change to the system.
// A path without an extension also finds its `.html` file: `/verify` is the
// verify page, as the directory's verify_url says.
//
// Text, JSON, SVG and wasm files go out gzipped when the request accepts it,
// as every real deployment sends them (docs/deploying.md): measured over the
// slow link, the verify page's wasm uncompressed is several round trips more
// than it ever is for a customer (docs/benchmarks.md). Each file is
// compressed once and kept in memory until its size or modification time
// changes, so a page load does not pay for compression.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { constants as zlibConstants, gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

const MIME_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".pub": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** The extensions whose files are sent gzipped to a client that accepts it. */
const COMPRESSED = new Set([".wasm", ".js", ".mjs", ".css", ".html", ".json", ".svg"]);

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "frame-ancestors 'none'; form-action 'self'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

/**
 * Resolves a request path to a file under `root`, or null when it is not
 * one (outside the root, hidden, a directory without index.html, missing).
 */
async function resolveFile(root, requestPath) {
  const found = await resolveExact(root, requestPath);
  if (found || path.extname(requestPath) !== "" || requestPath.endsWith("/")) return found;
  return resolveExact(root, `${requestPath}.html`);
}

async function resolveExact(root, requestPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const parts = decoded.split("/").filter((part) => part !== "");
  // Refuse "..", "." and hidden files outright rather than normalising them
  // (only .well-known, where vendors publish their directory, is served).
  const hidden = (part) => part.startsWith(".") && part !== ".well-known";
  if (parts.some((part) => hidden(part) || part.includes("\\"))) return null;
  let candidate = path.join(root, ...parts);
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = path.join(candidate, "index.html");
      info = await stat(candidate);
    }
    if (!info.isFile()) return null;
    // A symlink must not lead out of the root.
    const real = await realpath(candidate);
    if (real !== root && !real.startsWith(root + path.sep)) return null;
    return { file: real, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

/**
 * Whether the request's Accept-Encoding allows gzip: listed (or `*`) with a
 * quality above zero, and not refused by `gzip;q=0`.
 */
export function acceptsGzip(request) {
  const header = String(request.headers["accept-encoding"] ?? "").toLowerCase();
  let gzipQuality = null;
  let anyQuality = null;
  for (const entry of header.split(",")) {
    const [name, ...params] = entry.split(";").map((part) => part.trim());
    let quality = 1;
    for (const param of params) {
      const match = /^q=([0-9.]+)$/.exec(param);
      if (match) quality = Number.parseFloat(match[1]);
    }
    if (Number.isNaN(quality)) continue;
    if (name === "gzip" || name === "x-gzip") gzipQuality = quality;
    else if (name === "*") anyQuality = quality;
  }
  return (gzipQuality ?? anyQuality ?? 0) > 0;
}

/**
 * The gzipped bytes of a file, made once per version of it (its size and
 * modification time) and kept in memory. One entry per path: a changed file
 * replaces its old version.
 */
const gzipCache = new Map();

async function gzipped(found) {
  const key = `${found.size}:${found.mtimeMs}`;
  const cached = gzipCache.get(found.file);
  if (cached && cached.key === key) return cached.body;
  const body = gzipAsync(await readFile(found.file), { level: zlibConstants.Z_BEST_COMPRESSION });
  gzipCache.set(found.file, { key, body });
  try {
    return await body;
  } catch (error) {
    gzipCache.delete(found.file);
    throw error;
  }
}

function send(response, status, text) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
  });
  response.end(text);
}

/** The host name a request is for: the Host header, lowercase, no port. */
export function requestHost(request) {
  const header = String(request.headers.host ?? "").toLowerCase();
  const name = header.startsWith("[") ? header.slice(0, header.indexOf("]") + 1) : header.split(":")[0];
  return name.endsWith(".") ? name.slice(0, -1) : name;
}

async function sendGenerated(request, response, make, pathname) {
  let body;
  try {
    body = Buffer.from(await make());
  } catch (error) {
    send(response, 500, `could not make ${pathname}: ${error.message}\n`);
    return;
  }
  const type = MIME_TYPES[path.extname(pathname).toLowerCase()] ?? "application/octet-stream";
  response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": body.length });
  response.end(request.method === "HEAD" ? undefined : body);
}

/**
 * Starts the server and resolves once it listens. Returns
 * `{server, url, port, close()}`. `port: 0` picks a free port.
 *
 * `sites`: `{[hostName]: {roots: [folder, ...], files: {[path]: () => text}}}`
 * (see the header comment); hosts not listed are served from `root`.
 * `compress: false` sends every file as it is (to measure what gzip saves).
 */
export async function startServer({ root = "dist/www", port = 8080, host = "127.0.0.1", sites = {}, compress = true } = {}) {
  const rootPath = await realpath(path.resolve(root));
  const virtual = new Map();
  for (const [name, site] of Object.entries(sites)) {
    const roots = await Promise.all((site.roots ?? []).map((dir) => realpath(path.resolve(dir))));
    virtual.set(name.toLowerCase(), { roots, files: site.files ?? {} });
  }
  const server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "method not allowed\n");
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    const site = virtual.get(requestHost(request)) ?? { roots: [rootPath], files: {} };
    if (Object.hasOwn(site.files, url.pathname)) {
      await sendGenerated(request, response, site.files[url.pathname], url.pathname);
      return;
    }
    let found = null;
    for (const siteRoot of site.roots) {
      found = await resolveFile(siteRoot, url.pathname);
      if (found) break;
    }
    if (!found) {
      send(response, 404, "not found\n");
      return;
    }
    const extension = path.extname(found.file).toLowerCase();
    const type = MIME_TYPES[extension] ?? "application/octet-stream";
    if (COMPRESSED.has(extension)) {
      let body = null;
      if (compress && acceptsGzip(request)) {
        try {
          body = await gzipped(found);
        } catch (error) {
          send(response, 500, `could not compress ${url.pathname}: ${error.message}\n`);
          return;
        }
      }
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        "Content-Type": type,
        Vary: "Accept-Encoding",
        ...(body ? { "Content-Encoding": "gzip", "Content-Length": body.length } : { "Content-Length": found.size }),
      });
      if (body) {
        response.end(request.method === "HEAD" ? undefined : body);
        return;
      }
    } else {
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        "Content-Type": type,
        "Content-Length": found.size,
      });
    }
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    createReadStream(found.file)
      .on("error", () => response.destroy())
      .pipe(response);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const demo = args.includes("--demo");
  const root = args.find((arg) => !arg.startsWith("--")) ?? "dist/www";
  const port = Number.parseInt(process.env.PORT ?? "8080", 10);
  const host = process.env.HOST ?? "127.0.0.1";
  try {
    let sites = {};
    let tour = null;
    if (demo) {
      // The walkthrough's sites, with notices signed on request by the
      // wasm package (dist/pkg) and the published demo staff key.
      const walkthrough = await import("../demo/sites/sites.mjs");
      sites = await walkthrough.demoSites({ wwwRoot: root });
      tour = walkthrough.tourText;
    }
    const { url, port: listening } = await startServer({ root, port, host, sites });
    console.log(`Serving ${root} at ${url}`);
    if (tour) {
      console.log(tour(listening));
    } else {
      console.log(`  verify page:     ${url}verify`);
      console.log(`  signing console: ${url}console`);
    }
    console.log("Press Ctrl+C to stop.");
  } catch (error) {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(1);
  }
}
