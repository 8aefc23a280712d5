// The built extension (dist/extension, the folder people load and stores
// review) through web-ext's linter, the checks addons.mozilla.org runs on
// an upload: no errors, and no warning but the two this extension has on
// purpose, each with its reason below. The root manifest.json is not
// linted: it names files that exist only once built.
//
//   node --test tests/js/ext-lint.test.mjs
//
// Needs dist/extension (bash scripts/build.sh); skipped, saying why,
// without it.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { ROOT } from "./helpers/wasm.mjs";

const BUILT = path.join(ROOT, "dist/extension");
const WEB_EXT = path.join(ROOT, "node_modules/.bin/web-ext");
const skip = !existsSync(path.join(BUILT, "manifest.json"))
  ? "dist/extension is not built (run bash scripts/build.sh)"
  : !existsSync(WEB_EXT)
    ? "web-ext is not installed (run npm ci)"
    : false;

/** Warnings the extension has on purpose, by code, and why. */
const EXPECTED_WARNINGS = {
  // One manifest for Chrome and Firefox: Chrome runs `service_worker`,
  // Firefox ignores it and runs the same file from `scripts`.
  BACKGROUND_SERVICE_WORKER_IGNORED: "the worker is declared for both browsers",
  // Firefox for Android is not a target (no toolbar, no popup as
  // designed); the minimum version is desktop Firefox ESR 140's.
  KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION: "desktop Firefox only",
};

test("web-ext lint finds no error in the built extension", { skip }, () => {
  const run = spawnSync(WEB_EXT, ["lint", "--source-dir", BUILT, "--no-input", "--output", "json"], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, NO_UPDATE_NOTIFIER: "1" },
  });
  assert.equal(run.error, undefined, String(run.error));
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    assert.fail(`web-ext lint did not print a JSON report (status ${run.status}): ${run.stdout.slice(0, 500)} ${run.stderr.slice(0, 500)}`);
  }
  const show = (items) => items.map((i) => `${i.code}: ${i.message} (${i.file ?? "manifest"})`).join("\n");
  assert.deepEqual(report.errors, [], `errors:\n${show(report.errors)}`);
  assert.deepEqual(report.notices, [], `notices:\n${show(report.notices)}`);
  const unexpected = report.warnings.filter((w) => !(w.code in EXPECTED_WARNINGS));
  assert.deepEqual(unexpected, [], `warnings:\n${show(unexpected)}`);
  assert.equal(run.status, 0, run.stderr);
});
