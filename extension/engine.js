// The wasm engine, opened once per worker life and memoised.
//
//   getEngine() ─► loadWasm() ─► openEngine(now) ─► handle (Countersign)
//                                   │
//                                   └─ the embedded demo directory and every
//                                      vendor directory pinned in storage
//                                      (vendor-handlers.js), re-opened when
//                                      those change
//
// Kept apart from background.js so that opening the engine (which the vendor
// directories change) and judging pages (which the scan changes) are edited
// in different files.

import * as countersign from "./pkg/countersign.js";
import { openVendorEngine, vendorsVersion } from "./vendor-handlers.js";

// The directory is verified against the clock when opened; a worker that
// lives long (a busy browser keeps it awake) re-opens it now and then so an
// expired directory stops being trusted.
const ENGINE_MAX_AGE_MS = 10 * 60 * 1000;

let enginePromise = null;
let engineOpenedAt = 0;
// The version of the stored vendors the engine was opened with.
let engineVendors = -1;

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
  // Loads the wasm module (once, shared with vendor-handlers.js) first.
  return openVendorEngine(now);
}

/**
 * The open Countersign handle. Rejects with an Error whose `code` is the
 * engine's error code.
 * @returns {Promise<countersign.Countersign>}
 */
export function getEngine() {
  if (enginePromise && Date.now() - engineOpenedAt < ENGINE_MAX_AGE_MS && engineVendors === vendorsVersion()) {
    return enginePromise;
  }
  engineOpenedAt = Date.now();
  engineVendors = vendorsVersion();
  enginePromise = (async () => {
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
