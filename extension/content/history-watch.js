// History flooding (a page pushing entry after entry to trap the back
// button), seen as it happens where the browser says so, instead of by a
// timer reading history.length every second.
//
// Runs in the ISOLATED world at document_start, before any of the page's
// scripts, alone: behaviour.js (document_idle) takes what it found.
// Chromium's Navigation API fires `navigate` on `navigation` for every
// same-document push (pushState however it is reached, a fragment change,
// navigation.navigate), synchronously, so a flood followed by a dialog held
// open is still seen (case history-flood-later).
//
// Why here and not in the page's world (behaviour-main.js) or at
// document_idle: `navigation` is not a node, its events have no capture
// phase, and listeners run in the order they were added. A page script
// that adds its own listener first can stopImmediatePropagation() and hide
// every push from listeners added after it (case history-flood-hidden).
// This listener is added before any page script can run, in a world the
// page cannot reach: the page can neither stop it, nor remove it, nor
// intercept what it reports (the page-world hooks relay by window events,
// which a page can stop). A forged `navigate` event can only make the page
// look worse.
//
// What the top document's `navigation` cannot see: pushes made inside a
// child frame, which grow the same session history (and trap the back
// button as well). behaviour.js keeps checking history.length once a second
// on pages that have frames, and on every page in browsers without the
// Navigation API (Firefox 140).

(() => {
  "use strict";
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});
  // Ten new history entries within five seconds is flooding; behaviour.js's
  // checks of history.length use the same rule from here.
  const FLOOD = (ns.HISTORY_FLOOD = Object.freeze({ ENTRIES: 10, WINDOW_MS: 5000 }));
  if (window.top !== window) return;
  // The tab's history as this document started: entries from the user's
  // own browsing before it are not the page's (behaviour.js, without the
  // Navigation API, counts what the page added before it ran).
  ns.historyAtStart = history.length;
  const nav = /** @type {any} */ (globalThis).navigation;
  if (!nav || typeof nav.addEventListener !== "function") return;

  /** @type {number[]} when the last pushes came, oldest first */
  let pushes = [];

  ns.history = {
    /** Whether a flood was seen. */
    flooded: false,
    /** Pushes of the top document so far (the rest of the growth is frames'). */
    pushed: 0,
    /** Called once when a flood is seen (behaviour.js sets it). */
    onFlood: () => {},
  };
  const state = ns.history;

  nav.addEventListener("navigate", (/** @type {any} */ event) => {
    if (event.navigationType !== "push") return;
    state.pushed++;
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
