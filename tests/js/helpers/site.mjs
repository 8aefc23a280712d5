// Helpers for the web site and walkthrough tests: the demo server with its
// virtual hosts, the accessibility check, and the screenshots the README
// uses.
//
// Screenshots are written only when SCREENSHOT_DIR is set (e.g.
// `SCREENSHOT_DIR=docs/images node --test tests/js/www-*.test.mjs`), so an
// ordinary test run leaves the tree untouched.

import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { startServer } from "../../../scripts/serve.mjs";
import { demoSites } from "../../../demo/sites/sites.mjs";
import { ROOT } from "./wasm.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Serves the demo as `scripts/demo.sh` does: dist/www (or `wwwRoot`) for
 * any host, and the walkthrough's sites on their *.localhost names.
 */
export async function startDemoServer({ wwwRoot = path.join(ROOT, "dist/www") } = {}) {
  const sites = await demoSites({ wwwRoot });
  return startServer({ root: wwwRoot, port: 0, host: "127.0.0.1", sites });
}

/**
 * Runs axe-core in the page and returns its violations as readable lines.
 * The script is evaluated through the debugging protocol, which the page's
 * Content-Security-Policy does not apply to, so the page runs unchanged.
 */
export async function axeViolations(page) {
  // A card fading in is measured half transparent: wait for every running
  // animation to end, or the contrast check fails on timing alone.
  // eslint-disable-next-line no-undef
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))));
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  });
  return violations;
}

/** Asserts that axe finds no violation in the page. */
export async function assertAccessible(page, what) {
  assert.deepEqual(await axeViolations(page), [], `axe violations on ${what}`);
}

/** Saves a viewport screenshot as SCREENSHOT_DIR/<name>.png, when set. */
export async function saveScreenshot(page, name, { fullPage = false } = {}) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}
