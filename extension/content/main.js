// Countersign content script, the part that runs everything else.
//
//   document_idle ──► scan() ──► webmail adapter (by host) ─┐
//        ^              scanDocument (scan.js) ─────────────┼─► PAGE_SCAN ──► worker
//        |              behaviour (behaviour.js) ───────────┘     (only when changed)
//        |                                                            │
//   MutationObserver on document.documentElement                      ▼
//   (debounced; survives a replaced <body>;                PAGE_UI ◄── worker:
//    paused while the tab is hidden),                      safety tip, marks, undo
//   history navigation, frame loads                        (page-ui.js, behaviour.js)
//
// Reads the page; changes it only to show the extension's own UI when the
// worker says so (a popover host with a closed shadow root, and CSS
// highlights). Nothing the page can read says what the verdict is.
// Declared content scripts cannot be modules, hence the IIFEs and the
// isolated-world namespace COUNTERSIGN_CONTENT.

(() => {
  "use strict";
  const { MSG, LIMITS } = globalThis.COUNTERSIGN_SHARED;
  const ns = globalThis.COUNTERSIGN_CONTENT;

  // Wait for the page to settle after a change, but not forever.
  const DEBOUNCE_MS = 500;
  const MAX_WAIT_MS = 3000;
  // At most one scan per this interval on a page that keeps changing.
  const MIN_INTERVAL_MS = 2000;

  if (window.top !== window || !(document instanceof HTMLDocument) || !document.documentElement) return;

  let lastSent = "";
  let scanning = false;
  let dirty = false;
  let stopped = false;
  let lastScanAt = 0;
  let debounceTimer = 0;
  let firstChangeAt = 0;
  // The cheap first read (ns.quickRead) is tried until the worker finds
  // anything in it, or it cannot read the page; from then on this tab gets
  // the full scan only.
  let quickFirst = true;

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

  /**
   * A 64-bit digest (two FNV-1a hashes) of `text`: what is kept of the last
   * scan sent, to send only a changed one. Keeping the scan itself would
   * hold a copy of the page's text for the life of the tab.
   */
  function digest(text) {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    return `${text.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
  }

  async function buildScan() {
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
  }

  /**
   * Most pages name no vendor, carry no notice and behave normally: the
   * cheap read, judged by the worker, settles those without the full
   * scan's per-element style and layout reads. True when the worker found
   * nothing at all in it (and stored that verdict); false when the page
   * needs the full scan: the read could not see all of it (frames, shadow
   * roots, generated text, ...), the page is webmail or showed scam
   * behaviour, or the worker found anything (docs/extension.md).
   */
  async function quickScan(force) {
    if (ns.webmailFor(location.hostname) || Object.keys(ns.behaviour).length > 0 || ns.tampered) return false;
    const quick = ns.quickRead(document);
    if (!quick) return false;
    const key = digest(`quick:${location.href}${JSON.stringify(quick)}`);
    if (!force && key === lastSent) return true;
    const answer = await chrome.runtime.sendMessage({ type: MSG.PAGE_SCAN, scan: quick, quick: true });
    if (answer?.nothing !== true) return false;
    lastSent = key;
    return true;
  }

  async function scan({ force = false } = {}) {
    if (scanning || stopped) {
      dirty = true;
      return;
    }
    scanning = true;
    dirty = false;
    lastScanAt = Date.now();
    try {
      if (quickFirst && (await quickScan(force))) return;
      quickFirst = false;
      const result = await buildScan();
      const key = digest(location.href + JSON.stringify(result));
      if (!force && key === lastSent) return;
      await chrome.runtime.sendMessage({ type: MSG.PAGE_SCAN, scan: result });
      lastSent = key;
    } catch {
      // Either the worker could not answer this time (the next change
      // retries), or the extension was updated or removed and this script is
      // orphaned: then its runtime id is gone, and it stops.
      if (!chrome.runtime?.id) stop();
    } finally {
      scanning = false;
      if (dirty) schedule();
    }
  }

  /** Debounced scan: after DEBOUNCE_MS of quiet, or MAX_WAIT_MS at most. */
  function schedule() {
    if (stopped) return;
    dirty = true;
    if (document.hidden) return; // visibilitychange resumes
    const now = Date.now();
    if (firstChangeAt === 0) firstChangeAt = now;
    const quietAt = now + DEBOUNCE_MS;
    const deadline = Math.max(firstChangeAt + MAX_WAIT_MS, lastScanAt + MIN_INTERVAL_MS);
    const at = Math.max(Math.min(quietAt, deadline), lastScanAt + MIN_INTERVAL_MS);
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(() => {
      firstChangeAt = 0;
      scan();
    }, at - now);
  }

  // The extension's own UI coming and going is not the page changing.
  const ownUi = (r) =>
    r.type === "childList" && ns.uiHost &&
    [...r.addedNodes, ...r.removedNodes].every((node) => node === ns.uiHost);
  const observer = new MutationObserver((records) => {
    if (records.every(ownUi)) return;
    schedule();
  });

  function stop() {
    stopped = true;
    observer.disconnect();
    clearTimeout(debounceTimer);
  }

  // The root element, not <body>: a page that replaces its body keeps
  // being observed.
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && dirty) schedule();
  });
  // Same-origin frames load their text later.
  document.addEventListener("load", (event) => {
    if (event.target instanceof HTMLIFrameElement) schedule();
  }, true);
  // Single-page apps change the URL without a new document; the worker
  // forgets a tab's verdict when it starts loading, so scan again.
  const rescan = () => setTimeout(() => scan({ force: true }), DEBOUNCE_MS);
  window.addEventListener("popstate", rescan);
  window.addEventListener("hashchange", rescan);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) rescan();
  });
  ns.onBehaviour = schedule;
  ns.onTamper = () => scan({ force: true });

  // The worker's answer: what to show over this page.
  chrome.runtime.onMessage.addListener((message, sender) => {
    if (sender.id !== chrome.runtime.id || sender.tab || !message || message.type !== MSG.PAGE_UI) return;
    ns.applyPageUi(message);
    if (message.undo) ns.undoBehaviour();
  });

  // A tab opened in the background scans when it is first shown: until
  // then the user cannot see it, and most background tabs are never looked
  // at before they are closed. Changes meanwhile only mark it dirty
  // (schedule() waits while hidden).
  if (document.hidden) {
    dirty = true;
    const shown = () => {
      if (document.hidden) return;
      document.removeEventListener("visibilitychange", shown);
      scan({ force: true });
    };
    document.addEventListener("visibilitychange", shown);
  } else {
    scan({ force: true });
  }
})();
