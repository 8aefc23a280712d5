// The verify-only wasm package (dist/pkg-verify): what the verify, contact
// and directory pages load. It verifies what the console's package
// (dist/pkg-console) signs, and carries neither the detection engine nor the
// signing calls.
//
//   node --test tests/js/pkg-verify.test.mjs

import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT, demoStaffSecret, nowSeconds } from "./helpers/wasm.mjs";

const VERIFY = path.join(ROOT, "dist/pkg-verify");
const CONSOLE = path.join(ROOT, "dist/pkg-console");
const FULL = path.join(ROOT, "dist/pkg");
const built = [VERIFY, CONSOLE, FULL].every((dir) => existsSync(path.join(dir, "countersign_bg.wasm")));

async function load(dir) {
  const pkg = await import(pathToFileURL(path.join(dir, "countersign.js")).href);
  await pkg.default({ module_or_path: readFileSync(path.join(dir, "countersign_bg.wasm")) });
  return pkg;
}

describe("verify-only wasm package", { skip: built ? false : "dist/pkg-verify is not built (run scripts/build.sh)" }, () => {
  test("verifies what the console's package signs, and has no engine or signing", async () => {
    const verify = await load(VERIFY);
    const signer = await load(CONSOLE);
    const now = nowSeconds();
    const opened = verify.Countersign.openDemo(now);
    assert.ok(opened.ok, opened.message);
    const cs = opened.countersign;
    const signing = signer.Countersign.openDemo(now);
    assert.ok(signing.ok, signing.message);
    const signed = signing.countersign.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" },
      now,
    );
    assert.ok(signed.ok, signed.message);
    const result = cs.verifyNotice(signed.armor, { now });
    assert.equal(result.ok, true, result.message);
    assert.equal(result.notice.vendorName, "Northwind Security");
    for (const name of ["analysePage", "analyseScan", "analyseEmailParts", "analyseWebmail", "analyseContact"]) {
      assert.equal(typeof cs[name], "undefined", `${name} is not in the verify-only package`);
    }
    for (const name of ["signNotice", "inspectKey"]) {
      assert.equal(typeof cs[name], "undefined", `${name} is not in the verify-only package`);
    }
    assert.equal(typeof verify.generateKey, "undefined");
    assert.equal(typeof verify.extractPhones, "undefined");
    assert.equal(typeof verify.Countersign.openVendors, "undefined");
  });

  test("is much smaller than the package with the engine", () => {
    const small = statSync(path.join(VERIFY, "countersign_bg.wasm")).size;
    const full = statSync(path.join(FULL, "countersign_bg.wasm")).size;
    assert.ok(small * 2 < full, `verify-only ${small} bytes against ${full}`);
  });

  test("the web site ships the verify-only package, and the console's beside it", () => {
    const site = path.join(ROOT, "dist/www/pkg/countersign_bg.wasm");
    assert.ok(existsSync(site), "dist/www/pkg is built");
    assert.equal(statSync(site).size, statSync(path.join(VERIFY, "countersign_bg.wasm")).size);
    const consoleSite = path.join(ROOT, "dist/www/pkg-console/countersign_bg.wasm");
    assert.ok(existsSync(consoleSite), "dist/www/pkg-console is built");
    assert.equal(statSync(consoleSite).size, statSync(path.join(CONSOLE, "countersign_bg.wasm")).size);
  });
});
