// The badge in the toolbar is the extension's, and says the opposite.
import assert from "node:assert/strict";

export default async function check(t, { harness, record }) {
  const { text } = await harness.badge(record.tabId);
  assert.equal(text, "!");
}
