// Runs in the PAGE's world (manifest "world": "MAIN"), at document_start,
// because some tech-support-scam behaviours are only visible as calls the
// page makes: dialog loops (alert/confirm/prompt over and over), a
// beforeunload trap, keyboard lock, audio started without a user gesture.
// It wraps those calls, lets them run unchanged, and tells the isolated
// content script (behaviour.js) by a window event carrying only a name.
//
// Nothing here is trusted: the page can forge these events (which can only
// make it look worse) or undo the wrappers (then the isolated script still
// sees full screen, pointer lock, history flooding and audio in the DOM).
// No extension data is reachable from this world.

(() => {
  "use strict";
  const EVENT = "countersign-behaviour";
  // The isolated script starts later (document_idle) and asks for what it
  // missed with this event.
  const ASK = "countersign-behaviour-ask";
  const seen = new Set();
  const report = (name) => {
    seen.add(name);
    window.dispatchEvent(new CustomEvent(EVENT, { detail: name }));
  };
  window.addEventListener(ASK, () => {
    for (const name of seen) window.dispatchEvent(new CustomEvent(EVENT, { detail: name }));
  });

  // Three dialogs within ten seconds is a loop.
  const DIALOG_LOOP = 3;
  const DIALOG_WINDOW_MS = 10_000;
  let dialogTimes = [];
  for (const name of ["alert", "confirm", "prompt"]) {
    const original = window[name];
    if (typeof original !== "function") continue;
    window[name] = function (...args) {
      const now = Date.now();
      dialogTimes = dialogTimes.filter((t) => now - t < DIALOG_WINDOW_MS);
      dialogTimes.push(now);
      if (dialogTimes.length >= DIALOG_LOOP) report("dialogLoop");
      return original.apply(this, args);
    };
  }

  const addEventListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (type === "beforeunload" && (this === window || this === document)) report("beforeUnload");
    return addEventListener.call(this, type, ...rest);
  };
  const onbeforeunload = Object.getOwnPropertyDescriptor(window, "onbeforeunload");
  if (onbeforeunload?.set) {
    Object.defineProperty(window, "onbeforeunload", {
      ...onbeforeunload,
      set(value) {
        if (typeof value === "function") report("beforeUnload");
        onbeforeunload.set.call(this, value);
      },
    });
  }

  const keyboard = /** @type {any} */ (navigator).keyboard;
  if (keyboard && typeof keyboard.lock === "function") {
    const lock = keyboard.lock;
    keyboard.lock = function (...args) {
      report("keyboardLock");
      return lock.apply(this, args);
    };
  }

  // Audio elements that never enter the document are invisible to the
  // isolated script's DOM listeners.
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    if (!navigator.userActivation?.hasBeenActive && !this.muted) report("autoplayAudio");
    return play.apply(this, args);
  };
})();
