// The badge in the toolbar is the extension's, and says the opposite.
import assert from "node:assert/strict";

export default async function check(t, { harness, record }) {
  let text = "";
  for (let i = 0; i < 100 && text !== "!"; i++) {
    ({ text } = await harness.badge(record.tabId));
    if (text !== "!") await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(text, "!");
}
