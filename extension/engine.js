// The wasm engine, opened once per worker life and memoised.
//
//   getEngine() ─► init(wasm) ─► openEngine(now) ─► handle (Countersign)
//                                   │
//                                   └─ today: the embedded demo directory;
//                                      vendors.js replaces this one function
//                                      to open every pinned directory
//
// Kept apart from background.js so that opening the engine (which the vendor
// directories change) and judging pages (which the scan changes) are edited
// in different files.

import init, * as countersign from "./pkg/countersign.js";

// The directory is verified against the clock when opened; a worker that
// lives long (a busy browser keeps it awake) re-opens it now and then so an
// expired directory stops being trusted.
const ENGINE_MAX_AGE_MS = 10 * 60 * 1000;

let enginePromise = null;
let engineOpenedAt = 0;

/** Seconds since the epoch, as the wasm API wants them. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * Opens the vendor directories. Returns the engine's reply
 * `{ok: true, countersign}` or `{ok: false, code, message}`.
 * @param {number} now
 * @returns {Promise<any>}
 */
async function openEngine(now) {
  // `Countersign.openDemo`; a free `openDemo` function is accepted too.
  const openDemo = countersign.Countersign?.openDemo ?? /** @type {any} */ (countersign).openDemo;
  return openDemo(now);
}

/**
 * The open Countersign handle. Rejects with an Error whose `code` is the
 * engine's error code.
 * @returns {Promise<countersign.Countersign>}
 */
export function getEngine() {
  if (enginePromise && Date.now() - engineOpenedAt < ENGINE_MAX_AGE_MS) {
    return enginePromise;
  }
  engineOpenedAt = Date.now();
  enginePromise = (async () => {
    await init({ module_or_path: chrome.runtime.getURL("pkg/countersign_bg.wasm") });
    const opened = await openEngine(nowSeconds());
    if (!opened.ok) {
      throw Object.assign(new Error(opened.message), { code: opened.code });
    }
    return opened.countersign;
  })();
  // A failed load is not memoised: the next message tries again.
  enginePromise.catch(() => {
    enginePromise = null;
  });
  return enginePromise;
}

/** The wasm module's free functions (findNotices, formatPhone, ...). */
export { countersign as wasm };
