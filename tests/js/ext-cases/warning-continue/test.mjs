// Continue anyway: remembered per site, the page reopens, no warning again.
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url, spec }) {
  await page.click("#more summary");
  await page.click("#continue");
  await page.waitForURL(url, { timeout: 30_000 });
  const allowed = await harness.probe.evaluate(async () => (await chrome.storage.local.get("allowedSites")).allowedSites);
  assert.ok(allowed?.[spec.host], JSON.stringify(allowed));
  assert.equal(allowed[spec.host].verdict, "impersonation");
  // Judged again (the badge still tells the truth), but not replaced.
  const record = await harness.verdictFor(url);
  assert.equal(record.verdict, "impersonation");
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(page.url(), url, "no second warning");
  await harness.probe.evaluate(async () => chrome.storage.local.remove("allowedSites"));
}
