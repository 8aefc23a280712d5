// When the worker drops a tab's verdict (extension/stale-verdict.js): only
// when the document it was made for is no longer the tab's, never because
// the browser said "loading" late.
//
//   node --test tests/js/ext-stale-verdict.test.mjs
//
// The browser's "the tab started loading" event is not ordered with the
// content script's messages: the event of a page's own load can come after
// that page's verdict is stored. Dropping it then left the page with no
// verdict for good (the content script does not resend a scan it sent),
// which made ext-hidden-tab.test.mjs fail about one run in five. These
// cases force that order.

import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT } from "./helpers/wasm.mjs";

const { needsLiveDoc, verdictGone } = await import(pathToFileURL(path.join(ROOT, "extension/stale-verdict.js")).href);

const URL_A = "http://pc-helpdesk-online.net/fake-support-page/index.html?tab=foreground";
const URL_B = "http://pc-helpdesk-online.net/other.html";
const record = { url: URL_A, doc: "a1b2", verdict: "impersonation" };

/** What the worker does on an event: ask the page only when needed. */
function decide(change, stored, liveDoc) {
  return verdictGone(change, stored, needsLiveDoc(change, stored) ? liveDoc : null);
}

describe("a tab's stored verdict", () => {
  test("stays when the page's own 'loading' comes after its verdict", () => {
    assert.equal(decide({ status: "loading" }, record, "a1b2"), false);
    assert.equal(decide({ status: "complete" }, record, "a1b2"), false);
    assert.equal(decide({ status: "loading", url: URL_A }, record, "a1b2"), false);
  });

  test("stays while a new page is fetched and the judged one still answers", () => {
    assert.equal(decide({ status: "loading" }, record, "a1b2"), false);
  });

  test("goes when another document is in the tab, or none that answers", () => {
    assert.equal(decide({ status: "loading" }, record, "c3d4"), true, "a reload: a new document");
    assert.equal(decide({ status: "complete" }, record, "c3d4"), true);
    assert.equal(decide({ status: "complete" }, record, null), true, "a page without the content script");
    assert.equal(decide({ status: "loading" }, record, null), true);
  });

  test("goes when the tab shows another address, without asking the page", () => {
    assert.equal(needsLiveDoc({ url: URL_B }, record), false);
    assert.equal(decide({ url: URL_B }, record, "a1b2"), true);
    assert.equal(decide({ status: "loading", url: URL_B }, record, "a1b2"), true);
  });

  test("other changes leave it alone", () => {
    assert.equal(decide({}, record, null), false);
    assert.equal(decide({ url: URL_A }, record, null), false, "the same address again");
  });

  test("a verdict without its document's id cannot be vouched for, and goes on a load", () => {
    for (const doc of [undefined, "", 7]) {
      const old = { url: URL_A, doc };
      assert.equal(needsLiveDoc({ status: "loading" }, old), false);
      assert.equal(decide({ status: "loading" }, old, "a1b2"), true, String(doc));
    }
  });

  test("no verdict: nothing to drop", () => {
    assert.equal(decide({ status: "loading" }, null, "a1b2"), false);
  });
});
