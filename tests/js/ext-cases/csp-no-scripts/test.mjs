// The full scan was loaded into the content scripts' world, not the
// page's: content/full.js defined buildScan there.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

export default async function check(t, { page, record }) {
  assert.equal(record.read, "full", "the page was scanned in full");
  assert.equal(await contentWorld(page, "typeof globalThis.COUNTERSIGN_CONTENT?.buildScan"), "function");
  assert.equal(await page.evaluate(() => typeof globalThis.COUNTERSIGN_CONTENT), "undefined", "nothing in the page's world");
}
