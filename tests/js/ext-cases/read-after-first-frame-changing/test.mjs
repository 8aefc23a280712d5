// A change before the page's first frame gets no read of its own
// (content/main.js, schedule): the first read comes after the frame, or
// after the wait for a tab that draws no frames (1 s from the script's
// start), and reads the change with the rest. A scan scheduled by the
// change itself (500 ms after it) would come before both, without the
// first read's `force`, and force the layout the wait is there to avoid.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

const FIRST_FRAME_WAIT_MS = 1000;

export default async function check(t, { page }) {
  const { frameAt, changedAt } = await page.evaluate(() => ({
    frameAt: window.firstFrameAt,
    changedAt: window.changedAt,
  }));
  const startedAt = await contentWorld(page, "COUNTERSIGN_CONTENT.startedAt");
  const readAt = await contentWorld(page, "COUNTERSIGN_CONTENT.firstReadAt");
  t.diagnostic(`content script at ${startedAt} ms, change at ${changedAt} ms, first frame at ${frameAt} ms, first read at ${readAt} ms`);
  assert.equal(typeof readAt, "number", "the page was read");
  assert.equal(typeof changedAt, "number", "the page changed");
  if (changedAt < startedAt) {
    // Under heavy load the script can start after the change: then there
    // is no change for it to schedule a scan for, and nothing to check.
    t.diagnostic("the change came before the content script started");
    return;
  }
  const firstFrameOrWait = Math.min(frameAt ?? Infinity, startedAt + FIRST_FRAME_WAIT_MS);
  // 5 ms: the clocks of the page and of the timer callback.
  assert.ok(
    readAt >= firstFrameOrWait - 5,
    `read at ${readAt} ms, before the first frame (${frameAt} ms) and before the wait ran out (${startedAt + FIRST_FRAME_WAIT_MS} ms)`,
  );
}
