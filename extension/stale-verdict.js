// When a tab's stored verdict stops applying (background.js, tabs.onUpdated).
//
// The browser tells the worker that a tab "started loading" in an event that
// is not ordered with the content script's messages: the event of a page's
// own load can reach the worker after that page's content script has been
// judged and its verdict stored. Dropping the verdict then left a page on
// screen with no verdict, and its content script, having sent that scan,
// never sent it again (ext-hidden-tab.test.mjs failed about one run in five).
//
// So a verdict is not dropped because the tab is loading; it is dropped
// when the document it was made for is no longer the one in the tab:
//
//   the tab's address changed to another one ─────────────► gone
//   loading / complete: ask the top frame's content script
//     which document it is (a random id it made at start)
//       the one the verdict was made for ──────────────────► keep
//       another, or no answer (no content script there) ───► gone
//
// While a new page is still being fetched, the old one is still on screen
// and still answers: its verdict stays until the new document replaces it
// (its first scan) or the load completes without the old one (gone).

/**
 * Whether the verdict `record` no longer applies to the tab.
 * @param {{status?: string, url?: string}} change what tabs.onUpdated reported
 * @param {{url?: string, doc?: string} | null} record the tab's stored verdict
 * @param {string | null} liveDoc the id the tab's top-frame content script
 *   answered with, or null when nothing answered
 * @returns {boolean}
 */
export function verdictGone(change, record, liveDoc) {
  if (!record) return false;
  if (typeof change.url === "string" && change.url !== record.url) return true;
  if (change.status !== "loading" && change.status !== "complete") return false;
  return typeof record.doc !== "string" || record.doc === "" || record.doc !== liveDoc;
}

/** Whether the top-frame document must be asked (it is only when its answer decides). */
export function needsLiveDoc(change, record) {
  if (!record || typeof record.doc !== "string" || record.doc === "") return false;
  if (typeof change.url === "string" && change.url !== record.url) return false;
  return change.status === "loading" || change.status === "complete";
}
