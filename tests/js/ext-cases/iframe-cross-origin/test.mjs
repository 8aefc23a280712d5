// The verdict rests on the frame the scan reported, not on text.
import assert from "node:assert/strict";

export default async function check(t, { record }) {
  const codes = record.page.reasons.map((r) => r.code);
  assert.ok(codes.includes("lookalike-frame") || codes.includes("covering-frame"), JSON.stringify(codes));
}
