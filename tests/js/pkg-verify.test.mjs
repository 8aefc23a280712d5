// The verify-only wasm package (dist/pkg-verify): what the verify page and
// the signing console load. It verifies and signs exactly as the full
// package does, and carries none of the detection engine.
//
//   node --test tests/js/pkg-verify.test.mjs

import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT, demoStaffSecret, nowSeconds } from "./helpers/wasm.mjs";

const VERIFY = path.join(ROOT, "dist/pkg-verify");
const FULL = path.join(ROOT, "dist/pkg");
const built = existsSync(path.join(VERIFY, "countersign_bg.wasm")) && existsSync(path.join(FULL, "countersign_bg.wasm"));

async function load(dir) {
  const pkg = await import(pathToFileURL(path.join(dir, "countersign.js")).href);
  await pkg.default({ module_or_path: readFileSync(path.join(dir, "countersign_bg.wasm")) });
  return pkg;
}

describe("verify-only wasm package", { skip: built ? false : "dist/pkg-verify is not built (run scripts/build.sh)" }, () => {
  test("verifies what the full package signs, and has no engine", async () => {
    const verify = await load(VERIFY);
    const now = nowSeconds();
    const opened = verify.Countersign.openDemo(now);
    assert.ok(opened.ok, opened.message);
    const cs = opened.countersign;
    const signed = cs.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" },
      now,
    );
    assert.ok(signed.ok, signed.message);
    const result = cs.verifyNotice(signed.armor, { now });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.notice.vendorName, "Northwind Security");
    for (const name of ["analysePage", "analyseScan", "analyseEmail", "analyseWebmail", "analyseContact"]) {
      assert.equal(typeof cs[name], "undefined", `${name} is not in the verify-only package`);
    }
    assert.equal(typeof verify.extractPhones, "undefined");
    assert.equal(typeof verify.Countersign.openVendors, "undefined");
  });

  test("is much smaller than the package with the engine", () => {
    const small = statSync(path.join(VERIFY, "countersign_bg.wasm")).size;
    const full = statSync(path.join(FULL, "countersign_bg.wasm")).size;
    assert.ok(small * 2 < full, `verify-only ${small} bytes against ${full}`);
  });

  test("the web site ships the verify-only package", () => {
    const site = path.join(ROOT, "dist/www/pkg/countersign_bg.wasm");
    assert.ok(existsSync(site), "dist/www/pkg is built");
    assert.equal(statSync(site).size, statSync(path.join(VERIFY, "countersign_bg.wasm")).size);
  });
});
