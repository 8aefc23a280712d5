// The first read waits for the page's first frame (content/main.js,
// afterFirstFrame). The style sheet comes 700 ms late and holds that frame
// back, while document_idle (and so the content script) comes before it:
// a read at once would come before the frame and force a layout without
// the styles, which the frame then does again.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

export default async function check(t, { page, record }) {
  assert.equal(record.read, "quick", "the cheap read settled it");
  const frameAt = await page.evaluate(() => window.firstFrameAt);
  const readAt = await contentWorld(page, "COUNTERSIGN_CONTENT.firstReadAt");
  t.diagnostic(`first frame at ${frameAt} ms, first read at ${readAt} ms`);
  assert.equal(typeof frameAt, "number", "the page drew its first frame");
  assert.equal(typeof readAt, "number", "the page was read");
  assert.ok(readAt >= frameAt, `read at ${readAt} ms, before the first frame at ${frameAt} ms`);
}
