// A tab that draws no frames must still be read: the first read waits for
// the first frame for one second at most (content/main.js,
// afterFirstFrame). Here the page's style sheet comes 5 s late and holds
// its first frame back that long; the read comes before it.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

export default async function check(t, { page, record }) {
  assert.equal(record.read, "quick", "the cheap read settled it");
  const readAt = await contentWorld(page, "COUNTERSIGN_CONTENT.firstReadAt");
  const frameAt = await page.evaluate(() => window.firstFrameAt ?? null);
  t.diagnostic(`first read at ${readAt} ms, first frame at ${frameAt} ms`);
  assert.equal(typeof readAt, "number", "the page was read");
  assert.ok(frameAt === null || readAt < frameAt, `read at ${readAt} ms, only after the first frame at ${frameAt} ms`);
}
