// The tip survives a page that hides and covers what extensions add (this
// page does not remove it, so no escalation: the tip itself must hold).
import assert from "node:assert/strict";

export default async function check(t, { harness, page, record }) {
  assert.equal(record.confidence, "low");
  const frame = await harness.tipFrame(page);
  const box = await (await frame.frameElement()).boundingBox();
  assert.ok(box && box.width > 100 && box.height > 100, `the tip has its size: ${JSON.stringify(box)}`);
  // What is on top at the tip's centre is the extension's host, not the cover.
  const onTop = await page.evaluate(({ x, y }) => {
    const el = document.elementFromPoint(x, y);
    return el?.id === "cover" ? "cover" : el?.tagName ?? "none";
  }, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
  assert.notEqual(onTop, "cover", "the page's cover is under the tip");
  // The page cannot reach the tip's frame or read it.
  const read = await page.evaluate(() => {
    const frames = [...document.querySelectorAll("iframe")];
    return frames.length === 0 ? "no access" : frames.map((f) => f.contentDocument?.body?.innerText ?? "no access").join();
  });
  assert.equal(read, "no access");
}
