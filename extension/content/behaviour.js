// Tech-support-scam behaviour, as seen from the isolated world:
//
//   fullscreenchange, pointerlockchange ──┐
//   history pushes (history-watch.js), ───┤
//     history.length growing fast        │
//   <audio>/<video> "play" before any     ├─► COUNTERSIGN_CONTENT.behaviour
//     user gesture (capture phase)        │     {fullscreen: true, ...} ─► next scan
//   window "countersign-behaviour" ───────┘
//     (behaviour-main.js: dialogs, beforeunload, keyboard lock, Audio())
//
// The worker decides whether the page is a scam; when it is (or claims the
// vendor), it asks undo(): the script leaves full screen and pointer lock
// now and every time the page takes them again, and pauses alarm audio.
// Those are what the platform lets an extension undo; dialog loops and
// beforeunload traps end when the warning page replaces the document.

(() => {
  "use strict";
  const { BEHAVIOURS } = globalThis.COUNTERSIGN_SHARED;
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});

  /** What was seen, by name (names from BEHAVIOURS). */
  ns.behaviour = {};
  /** Called when something new is seen (main.js schedules a scan). */
  ns.onBehaviour = () => {};

  let undoing = false;

  const seen = (name) => {
    if (!BEHAVIOURS.includes(name) || ns.behaviour[name]) {
      if (undoing) undoNow();
      return;
    }
    ns.behaviour[name] = true;
    if (undoing) undoNow();
    ns.onBehaviour();
  };

  function undoNow() {
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    if (document.pointerLockElement) document.exitPointerLock?.();
    for (const media of document.querySelectorAll("audio")) {
      if (!media.paused && !media.muted) media.pause();
    }
  }

  /** From now on, undo what the platform allows, now and whenever it recurs. */
  ns.undoBehaviour = () => {
    undoing = true;
    undoNow();
  };

  document.addEventListener("fullscreenchange", () => {
    if (document.fullscreenElement) seen("fullscreen");
  });
  document.addEventListener("pointerlockchange", () => {
    if (document.pointerLockElement) seen("pointerLock");
  });
  document.addEventListener(
    "play",
    (event) => {
      const media = event.target;
      if (media instanceof HTMLMediaElement && !media.muted && !navigator.userActivation?.hasBeenActive) {
        seen("autoplayAudio");
      }
    },
    true,
  );
  window.addEventListener("countersign-behaviour", (event) => {
    const detail = event instanceof CustomEvent ? event.detail : undefined;
    if (typeof detail === "string") seen(detail);
  });
  // What behaviour-main.js saw before this script ran.
  window.dispatchEvent(new CustomEvent("countersign-behaviour-ask"));

  // History flooding: ten new history entries within five seconds (it
  // traps the back button). Where the browser reports the top document's
  // pushes as they come (history-watch.js, the Navigation API), those are
  // judged there. What it does not report (pushes inside frames, an opaque
  // origin, listeners wiped by document.open()) and every page in a browser
  // without the Navigation API (Firefox 140) is covered by reading
  // history.length over the page's first minute: every five seconds where
  // the pushes are reported, every second where they are not. One check is
  // a task in this world, about 0.14 ms of the page's main thread
  // (docs/extension.md, "Performance").
  //
  // A check that comes late (a dialog held open, a busy page: timers wait)
  // sees growth spread over more than the window; it still counts it when
  // the user made no gesture on the page since the last check while the
  // page was in view, since nobody's browsing adds ten entries to a page
  // they did not touch. A page that hides gestures from us only looks
  // worse. Entries from the user's own browsing (before the page started,
  // or while it sat in the back/forward cache) are not the page's.
  const { ENTRIES: FLOOD_ENTRIES = 10, WINDOW_MS: FLOOD_WINDOW_MS = 5000 } = ns.HISTORY_FLOOD ?? {};
  const watched = ns.history;
  if (watched) {
    watched.onFlood = () => seen("historyFlood");
    if (watched.flooded) seen("historyFlood");
  }
  const CHECK_MS = watched ? FLOOD_WINDOW_MS : 1000;
  const CHECK_FOR_MS = 60_000;
  let gestures = 0;
  let hiddenSince = document.hidden;
  let away = false;
  for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) {
    window.addEventListener(type, (event) => {
      if (event.isTrusted) gestures++;
    }, { capture: true, passive: true });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) hiddenSince = true;
  });
  let base = history.length;
  let baseAt = Date.now();
  function rebase() {
    base = history.length;
    baseAt = Date.now();
    gestures = 0;
    hiddenSince = document.hidden;
  }
  // Left for another page, and back from the back/forward cache: what
  // the user browsed meanwhile is not the page's.
  window.addEventListener("pagehide", () => {
    away = true;
  });
  window.addEventListener("pageshow", (event) => {
    away = false;
    if (event.persisted) rebase();
  });
  document.addEventListener("prerenderingchange", rebase);
  let timer = 0;
  let checks = 0;
  function check() {
    if (away) return;
    const now = Date.now();
    const grown = history.length - base;
    const inWindow = now - baseAt <= FLOOD_WINDOW_MS + 1000;
    if (grown >= FLOOD_ENTRIES && (inWindow || (gestures === 0 && !hiddenSince))) seen("historyFlood");
    if (now - baseAt >= FLOOD_WINDOW_MS - 500) rebase();
  }
  /** Checks history.length for a minute (again from now if running). */
  function checkHistoryLength() {
    checks = 0;
    if (timer) return;
    rebase();
    timer = setInterval(() => {
      if (++checks * CHECK_MS >= CHECK_FOR_MS) {
        clearInterval(timer);
        timer = 0;
      }
      check();
    }, CHECK_MS);
  }
  /** A frame loaded (main.js): its pushes grow the tab's history, so a minute more of checks. */
  ns.onFrameLoad = checkHistoryLength;
  // Already flooded before this script ran (document_idle): what the page
  // added since it started, with no user gesture yet.
  const start = ns.historyAtStart ?? history.length;
  if (history.length - start >= FLOOD_ENTRIES && !navigator.userActivation?.hasBeenActive) seen("historyFlood");
  checkHistoryLength();
})();
