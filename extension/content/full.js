// The full scan's entry point, loaded with scan.js, page-ui.js and the
// webmail adapters (full-scan.js) only into pages the cheap first read
// cannot settle (content/main.js imports them).
//
//   buildScan()
//     webmail adapter (by host) ─► the open message, or an inbox list
//     scanDocument (scan.js) ────► what the user can see
//     behaviour (behaviour.js) ──► what the page did
//       ─► one structured scan, for PAGE_SCAN
//
// It only defines: main.js, already running, calls it.

(() => {
  "use strict";
  const { LIMITS } = globalThis.COUNTERSIGN_SHARED;
  const ns = globalThis.COUNTERSIGN_CONTENT;

  /** The open webmail message (by host name), or list view, or nothing. */
  function readWebmail() {
    const adapter = ns.webmailFor(location.hostname);
    if (!adapter) return null;
    try {
      return adapter.read(document);
    } catch {
      return null; // Markup changed under the adapter: judge the page.
    }
  }

  /** The full scan of this page: the walk, the webmail message, the behaviour. */
  ns.buildScan = async function buildScan() {
    const reading = readWebmail();
    const only = reading?.bodyElement ?? null;
    const scan = await ns.scanDocument(document, { only, skip: ns.uiHost ?? null });
    if (reading?.listView) scan.listView = true;
    if (reading?.message && only) {
      const m = reading.message;
      scan.message = {
        senderName: m.senderName.slice(0, LIMITS.MESSAGE_FIELD_CHARS),
        senderAddress: m.senderAddress.slice(0, LIMITS.MESSAGE_FIELD_CHARS),
        subject: m.subject.slice(0, LIMITS.MESSAGE_FIELD_CHARS),
        body: (only.innerText ?? "").slice(0, LIMITS.MESSAGE_BODY_CHARS),
        to: m.to.slice(0, LIMITS.RECIPIENTS),
      };
    }
    if (Object.keys(ns.behaviour).length > 0) scan.behaviour = { ...ns.behaviour };
    if (ns.tampered) scan.tampered = true;
    return scan;
  };
})();
