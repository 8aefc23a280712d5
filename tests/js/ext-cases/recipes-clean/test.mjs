// Where there is nothing to say, the page sees no trace of the extension:
// no element added, no highlight registered, no stylesheet adopted.
import assert from "node:assert/strict";

export default async function check(t, { page }) {
  await new Promise((r) => setTimeout(r, 1000));
  const seen = await page.evaluate(() => ({
    children: document.documentElement.children.length,
    highlights: [...CSS.highlights.keys()],
    sheets: document.adoptedStyleSheets.length,
  }));
  assert.deepEqual(seen, { children: 2, highlights: [], sheets: 0 });
}
