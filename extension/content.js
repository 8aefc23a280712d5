// Countersign content script: reads the page, never changes it.
//
//   document_idle ──> scan() ──> collect() ─────────────> PAGE_SCAN ──> service worker
//        ^               visible text (innerText, bounded)      (only when something
//        |               tel:, mailto: and verify links          changed since the
//        |               notice contexts: the elements around    last scan)
//        |                 "CS1." / "BEGIN COUNTERSIGN NOTICE",
//        |                 searched in 4 ms slices
//   MutationObserver (debounced; paused while the tab is hidden)
//   history navigation (single-page webmail)
//
// Nothing the page could read is produced here: no DOM changes, no events,
// no window messages. Verdicts appear only in the toolbar and the popup.
// Declared content scripts cannot be modules, hence the IIFE.

(() => {
  "use strict";

  // Equal to MSG.PAGE_SCAN in messages.js (a test checks it).
  const PAGE_SCAN = "page-scan";

  // The service worker enforces the same limits (LIMITS in messages.js);
  // these keep the messages small in the first place.
  const MAX_TEXT_CHARS = 2 * 1024 * 1024;
  const MAX_LINKS = 200;
  const MAX_CONTEXTS = 16;
  const MAX_CONTEXT_CHARS = 256 * 1024;
  // Element levels above a notice whose text is offered as its message
  // body: webmail nests the body a few levels above the block.
  const CONTEXT_LEVELS = 4;

  const TOKEN_MARKER = "CS1.";
  const ARMOR_BEGIN = "BEGIN COUNTERSIGN NOTICE";
  const ARMOR_END = "END COUNTERSIGN NOTICE";

  // DOM work is cut into slices of this many milliseconds.
  const SLICE_MS = 4;
  // Wait for the page to settle after a change, but not forever.
  const DEBOUNCE_MS = 500;
  const MAX_WAIT_MS = 3000;
  // At most one scan per this interval on a page that keeps changing.
  const MIN_INTERVAL_MS = 2000;

  // Nothing to do in frames, non-HTML documents or documents without a body.
  if (window.top !== window || !(document instanceof HTMLDocument) || !document.body) {
    return;
  }

  let lastSent = null;
  let scanning = false;
  let dirty = false;
  let stopped = false;
  let lastScanAt = 0;
  let debounceTimer = 0;
  let firstChangeAt = 0;

  const yieldToPage = () =>
    globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((r) => setTimeout(r, 0));

  function hasMarker(text) {
    return text.includes(TOKEN_MARKER) || text.includes(ARMOR_BEGIN);
  }

  function visibleText() {
    const text = document.body.innerText ?? "";
    return text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text;
  }

  /** tel:, mailto: and verify links (a notice can hide in a link target). */
  async function collectLinks() {
    const links = { tel: [], mailto: [], notices: [] };
    const anchors = document.querySelectorAll('a[href^="tel:" i], a[href^="mailto:" i], a[href*="#CS1."]');
    let sliceStart = performance.now();
    for (const a of anchors) {
      const href = a.getAttribute("href") ?? "";
      const kind = /^tel:/i.test(href) ? "tel" : /^mailto:/i.test(href) ? "mailto" : "notices";
      if (links[kind].length < MAX_LINKS) links[kind].push(href);
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
    return links;
  }

  /**
   * The texts of the elements around each notice candidate: the smallest
   * element holding the whole notice, then a few of its ancestors. The
   * service worker tries the text before the notice in each as the message
   * body the notice may be bound to.
   */
  async function collectContexts() {
    const contexts = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let sliceStart = performance.now();
    let node;
    while ((node = walker.nextNode()) && contexts.length < MAX_CONTEXTS) {
      const data = node.data;
      if (hasMarker(data)) {
        const isArmor = data.includes(ARMOR_BEGIN);
        let element = node.parentElement;
        // Climb to the element that holds the whole armored block.
        for (let i = 0; isArmor && element && element !== document.body && i < 8; i++) {
          if ((element.innerText ?? "").includes(ARMOR_END)) break;
          element = element.parentElement;
        }
        for (let level = 0; element && level < CONTEXT_LEVELS && contexts.length < MAX_CONTEXTS; level++) {
          if (!seen.has(element)) {
            seen.add(element);
            const text = element.innerText ?? "";
            if (text.length <= MAX_CONTEXT_CHARS && hasMarker(text)) contexts.push(text);
          }
          if (element === document.body) break;
          element = element.parentElement;
        }
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
    return contexts;
  }

  function sameAsLast(scan) {
    return (
      lastSent !== null &&
      lastSent.url === location.href &&
      lastSent.title === scan.title &&
      lastSent.text === scan.text &&
      lastSent.links === JSON.stringify(scan.links) &&
      lastSent.contexts === JSON.stringify(scan.contexts)
    );
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
      const text = visibleText();
      const message = {
        type: PAGE_SCAN,
        title: document.title,
        text,
        links: await collectLinks(),
        contexts: hasMarker(text) ? await collectContexts() : [],
      };
      if (!force && sameAsLast(message)) return;
      const sent = {
        url: location.href,
        title: message.title,
        text: message.text,
        links: JSON.stringify(message.links),
        contexts: JSON.stringify(message.contexts),
      };
      await chrome.runtime.sendMessage(message);
      lastSent = sent;
    } catch {
      // Either the service worker could not answer this time (the next
      // change retries), or the extension was updated or removed and this
      // script is orphaned: then its runtime id is gone, and it stops.
      if (!chrome.runtime?.id) stop();
    } finally {
      scanning = false;
      // Changes that came in during this scan.
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

  const observer = new MutationObserver(schedule);

  function stop() {
    stopped = true;
    observer.disconnect();
    clearTimeout(debounceTimer);
  }

  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && dirty) schedule();
  });
  // Single-page apps change the URL without a new document; the service
  // worker forgets a tab's verdict when it starts loading, so scan again.
  const rescan = () => setTimeout(() => scan({ force: true }), DEBOUNCE_MS);
  window.addEventListener("popstate", rescan);
  window.addEventListener("hashchange", rescan);
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) rescan();
  });

  scan({ force: true });
})();
