// The tip says what the page pretends, gives the real number, and closes.
import assert from "node:assert/strict";

export default async function check(t, { harness, page, url }) {
  const frame = await harness.tipFrame(page);
  const text = await frame.evaluate(() => document.body.innerText);
  assert.match(text, /not an official Northwind Security site/);
  assert.match(text, /\+1 202 555 0143/);
  await frame.click("#tip-close");
  const dismissed = await harness.probe.evaluate(async () =>
    Object.entries(await chrome.storage.session.get(null)).filter(([k]) => k.startsWith("tipDismissed:")).map(([, v]) => v));
  assert.ok(dismissed.includes(url), JSON.stringify(dismissed));
  for (let i = 0; i < 50 && page.frames().some((f) => f.url().includes("/tip.html")); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(!page.frames().some((f) => f.url().includes("/tip.html")), "the tip is gone after Close");
}
