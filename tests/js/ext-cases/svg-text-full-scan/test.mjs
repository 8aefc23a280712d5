// The cheap first read refuses a page with SVG text (extension/content/quick-read.js),
// and the full scan reads it.
import assert from "node:assert/strict";

import { contentWorld } from "../../helpers/content-world.mjs";

export default async function check(t, { page, record }) {
  assert.equal(record.read, "full", "the page was scanned in full");
  assert.equal(await contentWorld(page, "COUNTERSIGN_CONTENT.quickRead(document)"), null, "the cheap read refuses the page");
}
