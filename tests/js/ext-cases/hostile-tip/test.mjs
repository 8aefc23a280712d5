// The tip survives a page that removes, hides and covers what extensions add.
import assert from "node:assert/strict";

export default async function check(t, { harness, page }) {
  const frame = await harness.tipFrame(page);
  assert.ok(frame, "the tip is shown");
  const removed = await page.evaluate(() => window.__removed);
  // Either the page removed it and it came back, or it gave up and the tip
  // became a full-tab warning; both leave the user warned.
  if (page.url().includes("warning.html")) return;
  const box = await (await frame.frameElement()).boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `the tip has its size: ${JSON.stringify(box)}`);
  // What is on top at the tip's centre is the extension's host, not the cover.
  const onTop = await page.evaluate(({ x, y }) => {
    const el = document.elementFromPoint(x, y);
    return el?.id === "cover" ? "cover" : el?.tagName ?? "none";
  }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  assert.notEqual(onTop, "cover", `the page's cover is under the tip (removed ${removed} times)`);
  // The page cannot read the tip: the frame is another origin.
  const read = await page.evaluate(() => {
    try {
      return document.querySelector("iframe")?.contentDocument?.body?.innerText ?? "no access";
    } catch {
      return "no access";
    }
  });
  assert.equal(read, "no access");
}
