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
  // traps the back button). Where the browser reports every push
  // (history-watch.js, the Navigation API), that is all for the top
  // document; a timer reading history.length each second is kept for what
  // it cannot see: every page in a browser without the Navigation API, and
  // pushes inside child frames (they grow the same session history), for a
  // minute after the page has a frame. One check is a task in this world
  // (about 0.14 ms of the page's main thread), so a page without frames in
  // Chromium has none (docs/extension.md, "Performance").
  // The rule (ten entries, five seconds) is history-watch.js's, which runs first.
  const { ENTRIES: FLOOD_ENTRIES, WINDOW_MS: FLOOD_WINDOW_MS } = ns.HISTORY_FLOOD;
  const FLOOD_CHECKS = 60;
  const watched = ns.history;
  if (watched) {
    watched.onFlood = () => seen("historyFlood");
    if (watched.flooded) seen("historyFlood");
  }
  let timer = 0;
  let checks = 0;
  let base = 0;
  let baseAt = 0;
  /** Checks history.length every second for a minute (again from now if running). */
  function checkHistoryLength() {
    checks = 0;
    if (timer) return;
    base = history.length;
    baseAt = Date.now();
    timer = setInterval(() => {
      if (++checks > FLOOD_CHECKS) {
        clearInterval(timer);
        timer = 0;
      }
      const now = Date.now();
      if (history.length - base >= FLOOD_ENTRIES && now - baseAt <= FLOOD_WINDOW_MS + 1000) {
        seen("historyFlood");
      }
      if (now - baseAt > FLOOD_WINDOW_MS) {
        base = history.length;
        baseAt = now;
      }
    }, 1000);
  }
  // The entries added since the document started, not the tab's whole
  // history (a tab the user has browsed in for a while is not a flood),
  // less the top document's pushes where history-watch.js judged those as
  // they came (what is left was added by frames).
  const start = ns.historyAtStart ?? history.length;
  const added = () => history.length - start - (watched?.pushed ?? 0);
  let addedBefore = 0;
  /** Ten or more entries added since the last look, with no user gesture yet. */
  function lookAtAdded() {
    const now = added();
    if (now - addedBefore >= FLOOD_ENTRIES && !navigator.userActivation?.hasBeenActive) seen("historyFlood");
    addedBefore = now;
  }
  /**
   * A frame loaded (main.js). With the Navigation API: what a frame added
   * before its load event (since the last look, which every frame's load
   * is), then the checks for a minute.
   */
  ns.onFrameLoad = () => {
    if (!watched) return;
    lookAtAdded();
    checkHistoryLength();
  };
  if (!watched || window.length > 0) checkHistoryLength();
  // Already flooded before this script ran (document_idle).
  lookAtAdded();
})();
