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
  try {
    await marks(t, { harness, page });
  } finally {
    await harness.probe.evaluate(async () => chrome.storage.local.remove("allowedSites"));
  }
}

// On the trusted page, the unofficial number is still marked where it
// stands, and its note says whose numbers are real.
export async function marks(t, { harness, page }) {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(() => (CSS.highlights.get("countersign-unofficial")?.size ?? 0) > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(await page.evaluate(() => CSS.highlights.get("countersign-unofficial")?.size > 0), "the number is highlighted");
  const box = await page.getByText("+1 (888) 555-0199").boundingBox();
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  const frame = await harness.tipFrame(page, { mark: true });
  assert.ok(frame, "a note opens on the mark");
  const text = await frame.evaluate(() => document.body.innerText);
  assert.match(text, /not Northwind Security's number\. Theirs: \+1 202 555 0143/i);

  // Keyboard users get the same note when the marked link takes focus.
  await page.mouse.move(600, 700);
  // The pointer left the mark: its note goes away first.
  for (let i = 0; i < 100 && page.frames().some((f) => f.url().includes("tip.html?mark=")); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(!page.frames().some((f) => f.url().includes("tip.html?mark=")), "the note closes when the pointer leaves");
  await page.focus('a[href^="tel:"]');
  const focused = await harness.tipFrame(page, { mark: true });
  assert.ok(focused, "a note opens when the marked link is focused");
}
