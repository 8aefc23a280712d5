// A webmail page is read by its adapter (the full scan), never settled by
// the cheap first read, even where that read would find nothing (the
// webmail check in extension/content/main.js, by the page's host name; the page is
// served with a port in its address).
import assert from "node:assert/strict";

export default async function check(t, { record }) {
  assert.equal(record.read, "full", "the page was scanned in full");
}
