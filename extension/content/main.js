// Countersign content script, the part that runs everything else.
//
//   document_idle ──► first frame drawn ──► scan()
//        ^        quickRead (quick-read.js) ──► PAGE_SCAN {quick} ──► worker: "nothing"?
//        |           │ cannot read it all, or the worker found anything         │ yes: done
//        |           ▼                                                          │
//        |        import(full-scan.js), once per page, into this isolated world:
//        |           webmail adapters, scan.js, page-ui.js, full.js
//        |           ▼
//        |        buildScan (full.js) ──► PAGE_SCAN ──► worker (only when changed)
//        |                                                     │
//   MutationObserver on document.documentElement               ▼
//   (debounced; survives a replaced <body>;          PAGE_UI ◄── worker:
//    paused while the tab is hidden),                safety tip, marks, undo
//   history navigation, frame loads                  (page-ui.js, behaviour.js)
//
// Every page gets this file with shared.js, behaviour.js and quick-read.js:
// the behaviour hooks are installed on every page, and most pages are
// settled by the cheap read without the walk or the UI code ever being
// compiled (docs/extension.md, "Performance").
//
// Reads the page; changes it only to show the extension's own UI when the
// worker says so (a popover host with a closed shadow root, and CSS
// highlights). Nothing the page can read says what the verdict is.
// Declared content scripts cannot be modules, hence the IIFEs and the
// isolated-world namespace COUNTERSIGN_CONTENT.

(() => {
  "use strict";
  const { MSG, WEBMAIL_HOSTS, digest } = globalThis.COUNTERSIGN_SHARED;
  const ns = globalThis.COUNTERSIGN_CONTENT;

  // Wait for the page to settle after a change, but not forever.
  const DEBOUNCE_MS = 500;
  const MAX_WAIT_MS = 3000;
  // At most one scan per this interval on a page that keeps changing.
  const MIN_INTERVAL_MS = 2000;
  // The first read waits for the page's first frame, at most this long.
  const FIRST_FRAME_WAIT_MS = 1000;

  if (window.top !== window || !(document instanceof HTMLDocument) || !document.documentElement) return;

  // Which document this is, for the worker (PAGE_DOC): it keeps a verdict
  // while the document it was made for is the tab's (stale-verdict.js).
  // Random, so that no other document can claim it; getRandomValues, since
  // randomUUID is missing on plain-http pages.
  const doc = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

  // When this script started, on the page's clock (a test compares it with
  // the first read).
  ns.startedAt = performance.now();

  let lastSent = "";
  let scanning = false;
  let dirty = false;
  let stopped = false;
  let lastScanAt = 0;
  // Whether the first read (after the page's first frame) has started.
  let firstReadStarted = false;
  let debounceTimer = 0;
  let firstChangeAt = 0;
  // The cheap first read (ns.quickRead) is tried until the worker finds
  // anything in it, or it cannot read the page; from then on this tab gets
  // the full scan only.
  let quickFirst = true;

  /** Whether this page is a webmail the adapters read (by host name). */
  function isWebmail() {
    const host = location.hostname.toLowerCase();
    return Object.values(WEBMAIL_HOSTS).some((hosts) => hosts.some((h) => host === h || host.endsWith(`.${h}`)));
  }

  // The full scan (full-scan.js), imported once per page when first needed.
  let fullScan = null;
  function loadFullScan() {
    fullScan ??= import(chrome.runtime.getURL("full-scan.js")).then(() => {
      if (typeof ns.buildScan !== "function") throw new Error("the full scan did not load");
    });
    return fullScan;
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
    if (isWebmail() || Object.keys(ns.behaviour).length > 0 || ns.tampered) return false;
    const quick = ns.quickRead(document);
    if (!quick) return false;
    // Sent every time, not only when changed: telling whether it changed
    // (a digest of the page's text in JavaScript) cost more of the page's
    // time than the read itself; the worker tells, off the page's thread.
    const answer = await chrome.runtime.sendMessage({ type: MSG.PAGE_SCAN, scan: quick, quick: true, force, doc });
    return answer?.nothing === true;
  }

  async function scan({ force = false } = {}) {
    if (scanning || stopped) {
      dirty = true;
      return;
    }
    scanning = true;
    dirty = false;
    lastScanAt = Date.now();
    // When the page was first read, on the page's clock (a test compares
    // it with the page's first frame).
    ns.firstReadAt ??= performance.now();
    try {
      if (quickFirst && (await quickScan(force))) return;
      quickFirst = false;
      // Should the full scan fail to load, the page is judged on what the
      // cheap read sees rather than not at all.
      const result = await loadFullScan().then(() => ns.buildScan(), () => ns.quickRead(document));
      if (!result) return;
      const key = digest(location.href + JSON.stringify(result));
      if (!force && key === lastSent) return;
      await chrome.runtime.sendMessage({ type: MSG.PAGE_SCAN, scan: result, doc });
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
    // Changes before the first read are read by it: a scan of its own
    // would come before the page's first frame (see afterFirstFrame) and
    // without the first read's `force`.
    if (!firstReadStarted) return;
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
    // Pushes inside a frame grow the tab's history (behaviour.js).
    if (event.target instanceof HTMLIFrameElement || event.target instanceof HTMLObjectElement) ns.onFrameLoad?.();
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
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || sender.tab || !message) return;
    if (message.type === MSG.PAGE_DOC) {
      sendResponse({ doc });
      return;
    }
    if (message.type !== MSG.PAGE_UI) return;
    if (message.undo) ns.undoBehaviour();
    if (ns.applyPageUi) {
      ns.applyPageUi(message);
      return;
    }
    // The UI code comes with the full scan: nothing is shown yet, so there
    // is nothing to take down; anything to show loads it first.
    const shows = message.tip || message.marks?.length > 0 || message.verified?.length > 0;
    if (shows) loadFullScan().then(() => ns.applyPageUi?.(message), () => {});
  });

  /**
   * Runs `read` once the page has drawn its first frame: at once if it has
   * (a paint timing entry), else after the next frame, or after
   * FIRST_FRAME_WAIT_MS in a tab that draws none. The read (`innerText`)
   * needs the page laid out; before the first frame (document_idle can come
   * while a style sheet still holds the first frame back) it would force a
   * layout that the page's own first frame then does again, with the
   * styles that arrived meanwhile. Not idle time (requestIdleCallback): in
   * a tab that draws no frames the idle callback never came, even with a
   * timeout, and the page went unread (ext-hidden-tab.test.mjs).
   */
  function afterFirstFrame(read) {
    if (performance.getEntriesByType("paint").length > 0) {
      read();
      return;
    }
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      read();
    };
    const fallback = setTimeout(run, FIRST_FRAME_WAIT_MS);
    // After the frame is drawn, not in its animation-frame step (before
    // its style and layout).
    requestAnimationFrame(() => setTimeout(run, 0));
  }

  // A tab opened in the background scans when it is first shown: until
  // then the user cannot see it, and most background tabs are never looked
  // at before they are closed. Changes meanwhile only mark it dirty
  // (schedule() waits while hidden).
  const firstRead = () => {
    firstReadStarted = true;
    scan({ force: true });
  };
  if (document.hidden) {
    dirty = true;
    const shown = () => {
      if (document.hidden) return;
      document.removeEventListener("visibilitychange", shown);
      afterFirstFrame(firstRead);
    };
    document.addEventListener("visibilitychange", shown);
  } else {
    afterFirstFrame(firstRead);
  }
})();
