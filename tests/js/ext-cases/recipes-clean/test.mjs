// Where there is nothing to say, the page sees no trace of the extension:
// no element added, no highlight registered, no stylesheet adopted.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

export default async function check(t, { page, record }) {
  // Nothing on it to concern a vendor: the cheap first read settled it,
  // without the full scan (content/main.js).
  assert.equal(record.read, "quick", "the cheap read was enough");
  // Nor was the full scan (the walk, the page UI) ever loaded: the first
  // content script is all this page compiled.
  const loaded = await contentWorld(page, "[typeof COUNTERSIGN_CONTENT.quickRead, typeof COUNTERSIGN_CONTENT.buildScan, typeof COUNTERSIGN_CONTENT.applyPageUi]");
  assert.deepEqual(loaded, ["function", "undefined", "undefined"]);
  await new Promise((r) => setTimeout(r, 1000));
  const seen = await page.evaluate(() => ({
    children: document.documentElement.children.length,
    highlights: [...CSS.highlights.keys()],
    sheets: document.adoptedStyleSheets.length,
  }));
  assert.deepEqual(seen, { children: 2, highlights: [], sheets: 0 });
}
