// History flooding (a page pushing entry after entry to trap the back
// button), seen as it happens where the browser says so.
//
// Runs in the ISOLATED world at document_start, before any of the page's
// scripts, alone: behaviour.js (document_idle) takes what it found.
// Chromium's Navigation API fires `navigate` on `navigation` for every
// same-document push of the top document (pushState however it is reached,
// a fragment change, navigation.navigate), synchronously, so a flood
// followed by a dialog held open is still seen (case history-flood-later).
//
// Why here and not in the page's world (behaviour-main.js) or at
// document_idle: `navigation` is not a node, its events have no capture
// phase, and listeners run in the order they were added. A page script
// that adds its own listener first can stopImmediatePropagation() and hide
// every push from listeners added after it (case history-flood-hidden).
// This listener is added before any page script can run, in a world the
// page cannot reach: the page can neither come before it nor remove it
// (the page-world hooks relay by window events, which a page can stop). A
// forged `navigate` event can only make the page look worse.
//
// What these events do not report, behaviour.js's checks of
// history.length cover (every five seconds where these events are heard,
// every second where they are not): pushes made inside a child frame
// (any frame, in a shadow root or not), a document with an opaque origin
// (sandboxed: Chromium sends it no navigation events), listeners wiped by
// document.open(), and browsers without the Navigation API (Firefox 140).

(() => {
  "use strict";
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});
  // Ten new history entries within five seconds is flooding; behaviour.js's
  // checks of history.length use the same rule from here.
  const FLOOD = (ns.HISTORY_FLOOD = Object.freeze({ ENTRIES: 10, WINDOW_MS: 5000 }));
  if (window.top !== window) return;
  // The tab's history as this document started: entries from the user's
  // own browsing before it are not the page's (behaviour.js counts what the
  // page added before it ran). A prerendered page's history is the tab's
  // only once it is shown, so it is read again then.
  ns.historyAtStart = history.length;
  document.addEventListener("prerenderingchange", () => {
    ns.historyAtStart = history.length;
  });
  const nav = /** @type {any} */ (globalThis).navigation;
  // An opaque origin has a `navigation` that fires nothing: there,
  // behaviour.js checks every second as where there is no API at all.
  if (!nav || typeof nav.addEventListener !== "function" || !nav.currentEntry) return;

  /** @type {number[]} when the last pushes came, oldest first */
  let pushes = [];

  ns.history = {
    /** Whether a flood was seen. */
    flooded: false,
    /** Called once when a flood is seen (behaviour.js sets it). */
    onFlood: () => {},
  };
  const state = ns.history;

  nav.addEventListener("navigate", (/** @type {any} */ event) => {
    if (event.navigationType !== "push") return;
    if (state.flooded) return;
    const now = performance.now();
    pushes = pushes.filter((t) => now - t < FLOOD.WINDOW_MS);
    pushes.push(now);
    if (pushes.length >= FLOOD.ENTRIES) {
      state.flooded = true;
      pushes = [];
      state.onFlood();
    }
  });
})();
