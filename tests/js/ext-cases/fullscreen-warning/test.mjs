// Full screen is counted as a tactic and, on this page, tips the verdict to
// high confidence: the tab is taken to the full-tab warning.
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url }) {
  await page.click("#go");
  const record = await harness.verdictFor(url, (r) => (r.tactics ?? []).includes("fullscreen"), 45_000);
  assert.ok(record.tactics.includes("fullscreen"));
  assert.equal(record.confidence, "high", "full screen on a page asking for secrets in the vendor's name is decisive");
  await harness.waitForWarning(page);
}
