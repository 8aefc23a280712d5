// The Safety Tip over a page that concerns no trusted vendor names none.
import assert from "node:assert/strict";

export default async function check(t, { harness, page, record }) {
  assert.equal(record.vendor ?? "", "", "the record names no vendor");
  const frame = await harness.tipFrame(page);
  assert.ok(frame, "a Safety Tip");
  const shown = await frame.evaluate(() => ({
    title: document.getElementById("tip-title").textContent,
    call: document.getElementById("tip-call").textContent,
  }));
  assert.equal(shown.title, "Careful: this page shows signs of a support scam");
  assert.doesNotMatch(shown.title + shown.call, /Northwind|the company/);
}
