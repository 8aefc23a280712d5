// The verified notice is marked where it stands, and its note shows the
// signed claims (agent, number, ticket, phrase) under the user's seal.
import assert from "node:assert/strict";

export default async function check(t, { harness, page }) {
  for (let i = 0; i < 100; i++) {
    if (await page.evaluate(() => (CSS.highlights.get("countersign-verified")?.size ?? 0) > 0)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(await page.evaluate(() => CSS.highlights.get("countersign-verified")?.size > 0), "the notice is marked");
  // Marks add nothing to the page's DOM until the user points at one.
  assert.equal(await page.evaluate(() => document.documentElement.children.length), 2);
  // They are drawn in the extension's green: its stylesheet is adopted
  // with the first mark (the manifest injects none into every page).
  const colour = await page.evaluate(() => {
    const [range] = CSS.highlights.get("countersign-verified");
    return getComputedStyle(range.startContainer.parentElement, "::highlight(countersign-verified)").backgroundColor;
  });
  assert.equal(colour, "rgb(214, 240, 220)", "the verified notice is marked in green");
  const box = await page.locator("#notice").boundingBox();
  await page.mouse.move(box.x + 20, box.y + 8);
  const frame = await harness.tipFrame(page, { mark: true });
  assert.ok(frame, "a note opens on the notice");
  const text = await frame.evaluate(() => document.body.innerText);
  assert.match(text, /Genuine notice from Northwind Security/);
  assert.match(text, /Dana Whitfield/);
  assert.match(text, new RegExp(harness.signed.call.phrase));
  assert.match(text, /Your Countersign seal: [a-z]+ [a-z]+/);
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/verified-notice-mark.png` });
}
