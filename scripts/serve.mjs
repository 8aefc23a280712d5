// A tiny static file server for the demo site and the browser tests.
//
//   node scripts/serve.mjs [root]      serves dist/www by default
//   PORT=9000 HOST=0.0.0.0 node scripts/serve.mjs
//
// No dependencies. It serves files under one root only (no directory
// traversal, no symlinks out of it), with the right MIME types for .wasm and
// JS modules, and the same Content-Security-Policy the extension uses, so that
// the pages are tested under the policy they ship with.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
    return { file: real, size: info.size };
  } catch {
    return null;
  }
}

function send(response, status, text) {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    "Content-Type": "text/plain; charset=utf-8",
  });
  response.end(text);
}

/**
 * Starts the server and resolves once it listens. Returns
 * `{server, url, port, close()}`. `port: 0` picks a free port.
 */
export async function startServer({ root = "dist/www", port = 8080, host = "127.0.0.1" } = {}) {
  const rootPath = await realpath(path.resolve(root));
  const server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "method not allowed\n");
      return;
    }
    const url = new URL(request.url ?? "/", "http://localhost");
    const found = await resolveFile(rootPath, url.pathname);
    if (!found) {
      send(response, 404, "not found\n");
      return;
    }
    const type = MIME_TYPES[path.extname(found.file).toLowerCase()] ?? "application/octet-stream";
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      "Content-Type": type,
      "Content-Length": found.size,
    });
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
  const root = process.argv[2] ?? "dist/www";
  const port = Number.parseInt(process.env.PORT ?? "8080", 10);
  const host = process.env.HOST ?? "127.0.0.1";
  try {
    const { url } = await startServer({ root, port, host });
    console.log(`Serving ${root} at ${url}`);
    console.log(`  verify page:     ${url}verify.html`);
    console.log(`  signing console: ${url}console.html`);
    console.log("Press Ctrl+C to stop.");
  } catch (error) {
    console.error(`serve.mjs: ${error.message}`);
    process.exit(1);
  }
}
