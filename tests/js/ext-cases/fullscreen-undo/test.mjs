// Full screen is counted as a tactic and undone (or the page is replaced by
// the warning, which ends it too).
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url }) {
  await page.click("#go");
  const record = await harness.verdictFor(url, (r) => (r.tactics ?? []).includes("fullscreen"), 45_000);
  assert.ok(record.tactics.includes("fullscreen"));
  if (record.confidence === "high") {
    await harness.waitForWarning(page);
    return;
  }
  let inFullscreen = true;
  for (let i = 0; i < 100 && inFullscreen; i++) {
    inFullscreen = await page.evaluate(() => document.fullscreenElement !== null);
    if (inFullscreen) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(await page.evaluate(() => window.__fullscreens), 1, "the page did enter full screen");
  assert.equal(inFullscreen, false, "the extension left full screen");
}
