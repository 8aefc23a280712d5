// The extension's vendor store rules (extension/vendors.js), in Node: what
// a user may type, where a directory may come from, the refresh schedule
// and the freshness shown. The browser test (vendors.test.mjs) runs the
// same module in the real extension against a local HTTPS server.
//
//   node --test tests/js/vendors-store.test.mjs

import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT } from "./helpers/wasm.mjs";

const store = await import(pathToFileURL(path.join(ROOT, "extension/vendors.js")).href);
const {
  REFRESH, STATUS, afterRefresh, fetchDirectory, hostPermissionFor, isDeclaredLocation, isDue,
  parseVendorInput, plainText, recordStatus, vendorLink,
} = store;

const ROOT_KEY = "CSPK1.MibGf3gN_IVhbvryo7zjGrhsV0FEhIAssb8CWKVipvo";
const URL_ = "https://contoso.example/.well-known/countersign/directory.json";

describe("what the user types", () => {
  test("a vendor link carries the directory address and the root key", () => {
    assert.deepEqual(parseVendorInput(`${URL_}#root=${ROOT_KEY}`), { ok: true, url: URL_, root: ROOT_KEY });
    assert.deepEqual(parseVendorInput(vendorLink(URL_, ROOT_KEY)), { ok: true, url: URL_, root: ROOT_KEY });
  });

  test("an address and a key entered apart; a bare domain means its .well-known file", () => {
    assert.deepEqual(parseVendorInput("contoso.example", ` ${ROOT_KEY}\n`), { ok: true, url: URL_, root: ROOT_KEY });
    assert.deepEqual(parseVendorInput("https://contoso.example/", `# a .pub file\n${ROOT_KEY}`), { ok: true, url: URL_, root: ROOT_KEY });
  });

  test("mistakes are refused with a plain reason", () => {
    const code = (url, root = ROOT_KEY) => parseVendorInput(url, root).code;
    assert.equal(code(URL_.replace("https:", "http:")), "not-https");
    assert.equal(code("https://contoso.example@evil.example/.well-known/countersign/directory.json"), "userinfo");
    assert.equal(code("https://contoso.example/directory.json"), "not-well-known");
    assert.equal(code(`${URL_}?x=1`), "not-well-known");
    assert.equal(code("https://exa mple"), "bad-url");
    assert.equal(code(""), "no-url");
    assert.equal(code(URL_, ""), "no-root-key");
    assert.equal(code(URL_, "CSSK1.__do2iUYKkMBQOgxqntSUn4oS1_DG1w2fn2D_-xogUc"), "secret-key");
    assert.equal(code(URL_, "CSPK1.short"), "bad-root-key");
    assert.equal(code(`${URL_}#root=${ROOT_KEY}`, "CSPK1.MibGf3gN_IVhbvryo7zjGrhsV0FEhIAssb8CWKVipvX"), "two-root-keys");
    assert.match(parseVendorInput(URL_, "CSSK1.x").message, /secret key/);
  });

  test("the host permission asked for is the directory's folder on that host only", () => {
    assert.equal(hostPermissionFor(URL_), "https://contoso.example/.well-known/countersign/*");
  });
});

describe("where a directory may come from", () => {
  const directory = {
    published_at: [URL_, "https://mirror.contoso.example/.well-known/countersign/directory.json", "https://other.example/.well-known/countersign/directory.json"],
    domains: [{ domain: "contoso.example", include_subdomains: true }],
  };

  test("one of its own published_at URLs, on an official domain", () => {
    assert.ok(isDeclaredLocation(directory, URL_));
    assert.ok(isDeclaredLocation(directory, "https://mirror.contoso.example/.well-known/countersign/directory.json"));
  });

  test("not a URL it does not declare, nor a declared one off its domains", () => {
    assert.ok(!isDeclaredLocation(directory, "https://evil.example/.well-known/countersign/directory.json"));
    assert.ok(!isDeclaredLocation(directory, "https://other.example/.well-known/countersign/directory.json"));
    assert.ok(!isDeclaredLocation({ ...directory, domains: [{ domain: "contoso.example", include_subdomains: false }] },
      "https://mirror.contoso.example/.well-known/countersign/directory.json"));
  });
});

describe("refresh schedule and freshness", () => {
  const now = 1_900_000_000;
  const record = {
    url: URL_, name: "Contoso Cloud", state: { sequence: 3, digest: "00" }, expiresAt: now + 10 * 86_400,
    lastSuccessAt: now, lastAttemptAt: now, nextAttemptAt: now + REFRESH.EVERY_S, failures: 0, lastError: null,
  };

  test("failures back off, doubling, capped; a success resets", () => {
    const waits = [];
    let r = record;
    for (let i = 0; i < 8; i++) {
      r = afterRefresh(r, { ok: false, code: "timeout", message: "x" }, now);
      waits.push(r.nextAttemptAt - now);
    }
    assert.deepEqual(waits.slice(0, 4), [300, 600, 1200, 2400]);
    assert.equal(waits.at(-1), REFRESH.RETRY_MAX_S);
    assert.ok(!isDue(r, now) && isDue(r, now + REFRESH.RETRY_MAX_S));
    assert.equal(r.state.sequence, 3, "a failure keeps the directory already trusted");
  });

  test("current, then stale after a day of failures, then expired", () => {
    assert.equal(recordStatus(record, now + 3600).status, STATUS.CURRENT);
    const failing = afterRefresh(record, { ok: false, code: "unreachable", message: "down" }, now + 3600);
    assert.equal(recordStatus(failing, now + 2 * 3600).status, STATUS.CURRENT);
    const stale = recordStatus(failing, now + REFRESH.STALE_AFTER_S + 1);
    assert.equal(stale.status, STATUS.STALE);
    assert.match(stale.message, /could not be updated since/);
    const expired = recordStatus(failing, record.expiresAt);
    assert.equal(expired.status, STATUS.EXPIRED);
    assert.match(expired.message, /can no longer vouch for Contoso Cloud's notices/);
  });
});

describe("fetching, bounded", () => {
  const answer = (body, headers = {}) => async () => new Response(body, { status: 200, headers });

  test("a body over the limit is refused, declared or not", async () => {
    const big = "x".repeat(2000);
    assert.equal((await fetchDirectory(URL_, { fetchImpl: answer(big), maxBytes: 1000 })).code, "too-large");
    const declared = await fetchDirectory(URL_, { fetchImpl: answer("{}", { "content-length": "5000000" }), maxBytes: 1000 });
    assert.equal(declared.code, "too-large");
    assert.deepEqual(await fetchDirectory(URL_, { fetchImpl: answer("{}"), maxBytes: 1000 }), { ok: true, text: "{}" });
  });

  test("bytes that are not text are refused; an HTTP error is reported", async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    assert.equal((await fetchDirectory(URL_, { fetchImpl: answer(bytes) })).code, "garbage");
    const status = await fetchDirectory(URL_, { fetchImpl: async () => new Response("no", { status: 503 }) });
    assert.equal(status.code, "http-status");
    assert.match(status.message, /503/);
  });

  test("a server that never answers is abandoned", async () => {
    const hang = (url, { signal }) =>
      new Promise((resolve, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    const result = await fetchDirectory(URL_, { fetchImpl: hang, timeoutMs: 50 });
    assert.equal(result.code, "timeout");
    assert.match(result.message, /did not send the directory in time/);
  });

  test("no cookies, no cache, no redirects", async () => {
    let seen;
    await fetchDirectory(URL_, { fetchImpl: async (url, init) => ((seen = init), new Response("{}")) });
    assert.equal(seen.credentials, "omit");
    assert.equal(seen.cache, "no-store");
    assert.equal(seen.redirect, "error");
  });
});

test("text from a directory is shown with its tricks visible and bounded", () => {
  assert.equal(plainText("Contoso\u202e duolC"), "Contoso\ufffd duolC");
  assert.equal(plainText("a\u0000b\nc"), "a\ufffdb\nc");
  assert.equal(plainText("x".repeat(20), 10).length, 10);
});
