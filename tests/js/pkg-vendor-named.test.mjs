// The engine's package names a vendor only when the report concerns it:
// with several vendors open, a scam that names none of them warns with
// `vendor: null`, and the same scam naming one names that one.
//
//   node --test tests/js/pkg-vendor-named.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh); skipped, saying why, without it.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { ROOT, loadPackage, nowSeconds } from "./helpers/wasm.mjs";

const built = existsSync(path.join(ROOT, "dist/pkg/countersign.js"));
const read = (file) => readFileSync(path.join(ROOT, file), "utf8");

const SCAM =
  "<h1>Your computer has been blocked</h1><p>Your computer has been blocked because of a virus infection. " +
  "Do not restart or shut down your computer. Call the toll-free helpline immediately: +1 888 555 0100. " +
  "A certified technician will connect to your computer remotely to remove the virus.</p>";

describe("the vendor a report names", { skip: built ? false : "dist/pkg is not built (run bash scripts/build.sh)" }, () => {
  test("a scam that concerns no open vendor names none; naming one names it", async () => {
    const pkg = await loadPackage();
    const now = nowSeconds();
    const opened = pkg.Countersign.openVendors(
      [
        { envelope: read("demo/contoso/contoso.directory.json"), root: read("demo/contoso/keys/root.pub") },
        { envelope: read("demo/northwind.directory.json"), root: read("demo/keys/root.pub") },
      ],
      now,
    );
    assert.ok(opened.ok, JSON.stringify(opened));
    const cs = opened.countersign;
    try {
      const generic = cs.analysePage("https://pc-repair-helpline.net/", SCAM, now);
      assert.ok(["suspicious", "impersonation"].includes(generic.verdict), generic.verdict);
      assert.equal(generic.vendor, null);
      const contact = cs.analyseContact("+1 888 555 0100", now);
      assert.equal(contact.vendor, null, "a number that is no vendor's");

      const named = cs.analysePage(
        "https://pc-repair-helpline.net/",
        SCAM.replace("Call the toll-free helpline", "Call Northwind Security support"),
        now,
      );
      assert.ok(["suspicious", "impersonation"].includes(named.verdict), named.verdict);
      assert.equal(named.vendor, "Northwind Security");
    } finally {
      cs.free();
    }
  });
});
