// The static server the demo and the browser tests use (scripts/serve.mjs).

import assert from "node:assert/strict";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { startServer } from "../../scripts/serve.mjs";

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
    server = await startServer({ root, port: 0 });
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

  test("only reads", async () => {
    const response = await fetch(server.url, { method: "POST", body: "x" });
    assert.equal(response.status, 405);
  });
});
