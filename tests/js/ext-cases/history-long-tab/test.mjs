// History flooding is what a page adds to the tab's history, not the
// history it finds: here the tab has been through twenty pages before the
// last one is opened, which adds nothing (no push, no user gesture yet).
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url }) {
  for (let i = 0; i < 20; i++) await page.goto(`${url}?visit=${i}`, { waitUntil: "domcontentloaded" });
  const last = `${url}?visit=last`;
  await page.goto(last, { waitUntil: "domcontentloaded" });
  const length = await page.evaluate(() => history.length);
  assert.ok(length > 20, `the tab's history holds ${length} entries`);
  const record = await harness.verdictFor(last);
  // The behaviour hooks report within the first read; give a late report
  // the time of a rescan before looking.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const settled = await harness.verdictFor(last);
  t.diagnostic(`history.length ${length}, verdict ${record.verdict}, tactics ${JSON.stringify(settled.tactics ?? [])}`);
  assert.ok(!(settled.tactics ?? []).includes("history-flood"), `no flood counted: ${JSON.stringify(settled.tactics)}`);
}
