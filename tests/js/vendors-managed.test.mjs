// Vendors pushed by IT policy (storage.managed), with the service worker's
// own module (extension/vendor-handlers.js) and the real wasm engine, in
// Node. A browser reads managed storage from the operating system's policy
// (chrome://policy), which a test cannot set without changing the machine,
// so `chrome` here is a small in-memory stand-in and `fetch` answers from a
// table. The fetching and verifying paths it drives are the same ones the
// browser test (vendors.test.mjs) runs in Chromium.
//
//   node --test tests/js/vendors-managed.test.mjs

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT } from "./helpers/wasm.mjs";

const WELL = "/.well-known/countersign/directory.json";
const CONTOSO_URL = `https://contoso.example${WELL}`;
const CONTOSO_ROOT = readFileSync(path.join(ROOT, "demo/contoso/keys/root.pub"), "utf8").split("\n")[1];
const skip = existsSync(path.join(ROOT, "dist/pkg/countersign.js")) ? false : "dist/pkg is not built (run bash scripts/build.sh)";

/** An in-memory chrome.storage area. */
function storageArea() {
  let data = {};
  return {
    async get(keys) {
      if (keys == null) return structuredClone(data);
      const list = typeof keys === "string" ? [keys] : Array.isArray(keys) ? keys : Object.keys(keys);
      return Object.fromEntries(list.filter((k) => Object.hasOwn(data, k)).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      data = { ...data, ...structuredClone(items) };
    },
    async remove(keys) {
      for (const k of [].concat(keys)) delete data[k];
    },
    clear() {
      data = {};
    },
  };
}

describe("vendors pushed by IT policy", { skip }, () => {
  let copy;
  let handlers;
  let sync;
  let vendorsVersion;
  /** A root key that is not Contoso's (the demo vendor's). */
  let otherRoot;
  const routes = new Map();
  const listeners = [];
  const nothing = { addListener: (f) => listeners.push(f) };

  before(async () => {
    copy = mkdtempSync(path.join(tmpdir(), "countersign-managed-ext-"));
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), copy], { stdio: "pipe" });
    writeFileSync(path.join(copy, "package.json"), JSON.stringify({ type: "module" }));
    globalThis.chrome = {
      storage: { local: storageArea(), session: storageArea(), managed: storageArea(), onChanged: nothing },
      alarms: { create: async () => {}, onAlarm: nothing },
      runtime: { onStartup: nothing, onInstalled: nothing, getURL: (p) => p },
      permissions: { remove: async () => true },
    };
    globalThis.fetch = async (url) =>
      routes.has(url)
        ? new Response(routes.get(url), { status: 200 })
        : new Response("not found", { status: 404 });
    // The same module instance the worker's modules import, instantiated
    // from bytes (Node cannot fetch the .wasm by URL).
    const pkg = await import(pathToFileURL(path.join(copy, "pkg/countersign.js")).href);
    pkg.initSync({ module: readFileSync(path.join(copy, "pkg/countersign_bg.wasm")) });
    otherRoot = pkg.demoRootKey();
    const module = await import(pathToFileURL(path.join(copy, "vendor-handlers.js")).href);
    handlers = module.vendorHandlers;
    sync = module.syncManagedVendors;
    vendorsVersion = module.vendorsVersion;
    routes.set(CONTOSO_URL, readFileSync(path.join(ROOT, "demo/contoso/contoso.directory.json"), "utf8"));
  });

  after(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    delete globalThis.chrome;
  });

  const list = () => handlers["vendor-list"]({ type: "vendor-list" });
  const setPolicy = (vendors) => chrome.storage.managed.set({ vendors });

  test("a policy vendor is fetched, verified and added; the user cannot remove it", async () => {
    await setPolicy([
      { directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT },
      { directoryUrl: "http://fabrikam.example/.well-known/countersign/directory.json", rootKey: CONTOSO_ROOT },
      { directoryUrl: "https://tailspin.example/", rootKey: CONTOSO_ROOT },
    ]);
    await sync();
    const shown = await list();
    assert.equal(shown.vendors.length, 1);
    const [contoso] = shown.vendors;
    assert.equal(contoso.name, "Contoso Cloud");
    assert.equal(contoso.source, "managed");
    assert.equal(contoso.removable, false);
    assert.equal(contoso.status, "current");
    assert.deepEqual(
      shown.managedProblems.map((p) => p.message),
      [
        "The directory address must start with https://.",
        "tailspin.example answered with an error (HTTP 404) instead of the directory.",
      ],
    );
    const refused = await handlers["vendor-remove"]({ type: "vendor-remove", url: CONTOSO_URL });
    assert.equal(refused.code, "managed");
    assert.equal((await list()).vendors.length, 1);
  });

  test("a vendor the policy drops is removed; the user's own vendors stay", async () => {
    // The user had added Contoso themselves before IT listed it.
    await setPolicy([]);
    await sync();
    assert.equal((await list()).vendors.length, 0, "dropped from the policy, dropped here");
    const preview = await handlers["vendor-preview"]({ type: "vendor-preview", url: CONTOSO_URL, root: CONTOSO_ROOT });
    assert.ok(preview.ok, preview.message);
    assert.ok((await handlers["vendor-add"]({ type: "vendor-add", previewId: preview.previewId })).ok);
    assert.equal((await list()).vendors[0].source, "user");

    await setPolicy([{ directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT }]);
    await sync();
    assert.equal((await list()).vendors[0].source, "managed", "now IT's");
    await setPolicy([]);
    await sync();
    assert.equal((await list()).vendors.length, 0);

    const again = await handlers["vendor-preview"]({ type: "vendor-preview", url: CONTOSO_URL, root: CONTOSO_ROOT });
    assert.ok((await handlers["vendor-add"]({ type: "vendor-add", previewId: again.previewId })).ok);
    await sync();
    const kept = await list();
    assert.equal(kept.vendors.length, 1, "a vendor the user added is not IT's to remove");
    assert.equal(kept.vendors[0].removable, true);
  });

  test("a start-up with the policy as it was keeps the engine: no write, the vendors' version unchanged", async () => {
    // The worker opens the engine as it wakes (background.js) and re-opens
    // it when vendorsVersion() moves; onStartup/onInstalled sync the policy.
    await setPolicy([{ directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT }]);
    await sync();
    assert.equal((await list()).vendors[0].source, "managed");
    const local = chrome.storage.local;
    const writes = [];
    const set = local.set;
    local.set = async (items) => {
      writes.push(...Object.keys(items));
      return set.call(local, items);
    };
    try {
      for (const policy of [[{ directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT }], [{ directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT }]]) {
        await setPolicy(policy);
        const before = vendorsVersion();
        await sync();
        assert.equal(vendorsVersion(), before, "nothing changed: the engine is kept");
      }
      assert.ok(!writes.includes("vendors"), `the stored vendors are not rewritten: ${writes.join(", ")}`);
      // A change still moves it.
      await setPolicy([]);
      const before = vendorsVersion();
      await sync();
      assert.ok(vendorsVersion() > before, "the policy dropped a vendor: the engine is re-opened");
      assert.ok(writes.includes("vendors"));
    } finally {
      local.set = set;
      // As the earlier tests left it: the user's own Contoso.
      await setPolicy([]);
      await sync();
      const again = await handlers["vendor-preview"]({ type: "vendor-preview", url: CONTOSO_URL, root: CONTOSO_ROOT });
      await handlers["vendor-add"]({ type: "vendor-add", previewId: again.previewId });
    }
  });

  test("a root key the policy changes takes effect: the vendor is not kept under the key it replaced", async () => {
    assert.match(otherRoot, /^CSPK1\./);
    assert.notEqual(otherRoot, CONTOSO_ROOT);
    // The user's own Contoso (as the earlier tests left it), which IT now
    // pins to another key: the directory does not verify under it.
    assert.equal((await list()).vendors[0].source, "user");
    try {
      await setPolicy([{ directoryUrl: CONTOSO_URL, rootKey: otherRoot }]);
      await sync();
      let shown = await list();
      assert.equal(shown.vendors.length, 0, "not kept under the key the policy replaced");
      assert.equal(shown.managedProblems.length, 1);
      assert.match(shown.managedProblems[0].url, /contoso\.example/);

      // The right key: fetched and verified again, now IT's.
      await setPolicy([{ directoryUrl: CONTOSO_URL, rootKey: CONTOSO_ROOT }]);
      await sync();
      shown = await list();
      assert.equal(shown.vendors.length, 1);
      assert.equal(shown.vendors[0].source, "managed");
      assert.equal(shown.vendors[0].status, "current");
      assert.deepEqual(shown.managedProblems, []);

      // A managed vendor whose key IT rotates is dropped from the old key too.
      await setPolicy([{ directoryUrl: CONTOSO_URL, rootKey: otherRoot }]);
      await sync();
      assert.equal((await list()).vendors.length, 0);
    } finally {
      // As the earlier tests left it: the user's own Contoso.
      await setPolicy([]);
      await sync();
      const again = await handlers["vendor-preview"]({ type: "vendor-preview", url: CONTOSO_URL, root: CONTOSO_ROOT });
      await handlers["vendor-add"]({ type: "vendor-add", previewId: again.previewId });
    }
  });

  test("no policy at all (Firefox reports an error) changes nothing", async () => {
    const managed = chrome.storage.managed;
    chrome.storage.managed = { get: async () => { throw new Error("Managed storage manifest not found"); } };
    try {
      await sync();
      assert.equal((await list()).vendors.length, 1);
    } finally {
      chrome.storage.managed = managed;
    }
  });
});
