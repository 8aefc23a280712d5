// Full screen is counted as a tactic and undone by the content script. The
// page stays (low confidence: no full-tab warning replaces it), so only the
// undo can end full screen here: without it this test fails.
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url }) {
  await page.click("#go");
  const record = await harness.verdictFor(url, (r) => (r.tactics ?? []).includes("fullscreen"), 45_000);
  assert.ok(record.tactics.includes("fullscreen"));
  assert.equal(record.verdict, "suspicious", JSON.stringify(record.page?.reasons));
  assert.equal(record.confidence, "low", "the page is not replaced by the warning, so the undo is what is tested");
  assert.equal(await page.evaluate(() => window.__fullscreens), 1, "the page did enter full screen");
  let inFullscreen = true;
  for (let i = 0; i < 100 && inFullscreen; i++) {
    inFullscreen = await page.evaluate(() => document.fullscreenElement !== null);
    if (inFullscreen) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(inFullscreen, false, "the extension left full screen");
  assert.equal(page.url(), url, "the page itself is still shown");
}
