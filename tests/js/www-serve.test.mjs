// The static server the demo and the browser tests use (scripts/serve.mjs).

import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { gunzipSync } from "node:zlib";

import { acceptsGzip, startServer } from "../../scripts/serve.mjs";

describe("scripts/serve.mjs", () => {
  let dir;
  let root;
  let server;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "countersign-serve-"));
    root = path.join(dir, "site");
    await mkdir(path.join(root, "pkg"), { recursive: true });
    await mkdir(path.join(root, ".well-known/countersign"), { recursive: true });
    await writeFile(path.join(root, "index.html"), "<!doctype html><title>t</title>");
    await writeFile(path.join(root, "pkg/m.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d]));
    await writeFile(path.join(root, "app.js"), "export {};");
    await writeFile(path.join(root, ".secret"), "hidden");
    await writeFile(path.join(root, ".well-known/countersign/directory.json"), "{}");
    await writeFile(path.join(dir, "outside.txt"), "outside the root");
    await symlink(path.join(dir, "outside.txt"), path.join(root, "link.txt"));
    await mkdir(path.join(dir, "vhost"), { recursive: true });
    await writeFile(path.join(dir, "vhost/index.html"), "<!doctype html><title>vhost</title>");
    await writeFile(path.join(dir, "vhost/verify.html"), "vhost verify");
    await writeFile(path.join(root, "verify.html"), "root verify");
    await writeFile(path.join(root, "shared.txt"), "from the root");
    server = await startServer({
      root,
      port: 0,
      sites: {
        "shop.localhost": {
          roots: [path.join(dir, "vhost"), root],
          files: { "/made.json": () => JSON.stringify({ made: true }) },
        },
        "broken.localhost": { roots: [], files: { "/x.json": () => { throw new Error("nope"); } } },
      },
    });
  });

  after(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (requestPath) => fetch(new URL(requestPath, server.url));

  test("serves files with their MIME types and the CSP", async () => {
    const wasm = await get("pkg/m.wasm");
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.match(wasm.headers.get("content-security-policy"), /script-src 'self' 'wasm-unsafe-eval'/);
    assert.equal(wasm.headers.get("x-content-type-options"), "nosniff");
    assert.match((await get("app.js")).headers.get("content-type"), /^text\/javascript/);
    const index = await get("/");
    assert.equal(index.status, 200);
    assert.match(index.headers.get("content-type"), /^text\/html/);
    assert.equal((await get(".well-known/countersign/directory.json")).status, 200);
  });

  test("refuses everything outside the root and hidden files", async () => {
    for (const requestPath of [
      "/../outside.txt",
      "/%2e%2e/outside.txt",
      "/pkg/%2e%2e/%2e%2e/outside.txt",
      "/pkg/..%2f..%2foutside.txt",
      "/..%5coutside.txt",
      "/.secret",
      "/link.txt",
      "/missing.html",
      "/%00",
      "/%E0%A4%A",
    ]) {
      const response = await fetch(`${server.url.replace(/\/$/, "")}${requestPath}`);
      assert.equal(response.status, 404, requestPath);
      await response.arrayBuffer();
    }
  });

  /** A request with a Host header of our choosing (fetch does not allow one). */
  function getAs(host, requestPath) {
    return new Promise((resolve, reject) => {
      const request = http.get({ host: "127.0.0.1", port: server.port, path: requestPath, headers: { host } }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode, type: response.headers["content-type"], body }));
      });
      request.on("error", reject);
    });
  }

  test("serves each virtual host from its folders, in order, and the root for others", async () => {
    assert.equal((await getAs("shop.localhost:8080", "/verify")).body, "vhost verify");
    assert.equal((await getAs("SHOP.localhost.", "/verify.html")).body, "vhost verify");
    assert.equal((await getAs("shop.localhost", "/shared.txt")).body, "from the root");
    assert.equal((await getAs("other.localhost", "/verify")).body, "root verify");
    assert.equal((await getAs("127.0.0.1", "/verify")).body, "root verify");
    const made = await getAs("shop.localhost", "/made.json");
    assert.equal(made.status, 200);
    assert.match(made.type, /^application\/json/);
    assert.deepEqual(JSON.parse(made.body), { made: true });
    assert.equal((await getAs("other.localhost", "/made.json")).status, 404);
    const broken = await getAs("broken.localhost", "/x.json");
    assert.equal(broken.status, 500);
    assert.equal((await getAs("broken.localhost", "/")).status, 404);
    // The vhost's folders are confined like the root.
    assert.equal((await getAs("shop.localhost", "/../site/.secret")).status, 404);
    assert.equal((await getAs("shop.localhost", "/%2e%2e/outside.txt")).status, 404);
  });

  test("a path without an extension finds its .html page", async () => {
    const response = await get("verify");
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "root verify");
    assert.equal((await get("verify/")).status, 404);
    assert.equal((await get("shared")).status, 404, "only .html is implied");
  });

  /** A request with the headers given, its body as raw bytes (fetch would decompress). */
  function getRaw(requestPath, headers = {}, method = "GET") {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port: server.port, path: requestPath, method, headers }, (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      });
      request.on("error", reject);
      request.end();
    });
  }

  test("gzips text and wasm for a client that accepts it, with the right length", async () => {
    const script = `export const words = ${JSON.stringify("countersign ".repeat(500))};\n`;
    await writeFile(path.join(root, "big.js"), script);
    const plain = await getRaw("/big.js");
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.headers.vary, "Accept-Encoding");
    assert.equal(plain.body.toString("utf8"), script);
    assert.equal(Number(plain.headers["content-length"]), plain.body.length);

    const zipped = await getRaw("/big.js", { "accept-encoding": "gzip, deflate, br" });
    assert.equal(zipped.status, 200);
    assert.equal(zipped.headers["content-encoding"], "gzip");
    assert.equal(zipped.headers.vary, "Accept-Encoding");
    assert.match(zipped.headers["content-type"], /^text\/javascript/);
    assert.equal(Number(zipped.headers["content-length"]), zipped.body.length);
    assert.ok(zipped.body.length < script.length / 10, `${zipped.body.length} bytes gzipped`);
    assert.equal(gunzipSync(zipped.body).toString("utf8"), script);
    const head = await getRaw("/big.js", { "accept-encoding": "gzip" }, "HEAD");
    assert.equal(head.headers["content-length"], zipped.headers["content-length"]);
    assert.equal(head.body.length, 0);

    const wasm = await getRaw("/pkg/m.wasm", { "accept-encoding": "gzip" });
    assert.equal(wasm.headers["content-encoding"], "gzip");
    assert.equal(wasm.headers["content-type"], "application/wasm");
    assert.deepEqual([...gunzipSync(wasm.body)], [0, 0x61, 0x73, 0x6d]);
    // Refused gzip, or a type that is not text: the file as it is.
    assert.equal((await getRaw("/big.js", { "accept-encoding": "gzip;q=0, br" })).headers["content-encoding"], undefined);
    const text = await getRaw("/shared.txt", { "accept-encoding": "gzip" });
    assert.equal(text.headers["content-encoding"], undefined);
    assert.equal(text.body.toString("utf8"), "from the root");
  });

  test("a changed file is compressed again, not served from the old copy", async () => {
    const file = path.join(root, "changing.json");
    await writeFile(file, JSON.stringify({ version: 1 }));
    const first = await getRaw("/changing.json", { "accept-encoding": "gzip" });
    assert.deepEqual(JSON.parse(gunzipSync(first.body)), { version: 1 });
    assert.deepEqual(JSON.parse(gunzipSync((await getRaw("/changing.json", { "accept-encoding": "gzip" })).body)), { version: 1 });
    await writeFile(file, JSON.stringify({ version: 22 }));
    const second = await getRaw("/changing.json", { "accept-encoding": "gzip" });
    assert.deepEqual(JSON.parse(gunzipSync(second.body)), { version: 22 });
    assert.equal(Number(second.headers["content-length"]), second.body.length);
  });

  test("reads Accept-Encoding as HTTP defines it", () => {
    const accepts = (value) => acceptsGzip({ headers: value === undefined ? {} : { "accept-encoding": value } });
    assert.equal(accepts(undefined), false);
    assert.equal(accepts(""), false);
    assert.equal(accepts("gzip"), true);
    assert.equal(accepts("br, GZIP;q=0.5"), true);
    assert.equal(accepts("gzip;q=0"), false);
    assert.equal(accepts("gzip;q=0.0, *"), false);
    assert.equal(accepts("*"), true);
    assert.equal(accepts("*;q=0"), false);
    assert.equal(accepts("deflate, br"), false);
    assert.equal(accepts("identity"), false);
  });

  test("only reads", async () => {
    const response = await fetch(server.url, { method: "POST", body: "x" });
    assert.equal(response.status, 405);
  });
});
