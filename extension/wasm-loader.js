// Loads the wasm package once per worker (or page).
//
// Every module that calls into the engine awaits loadWasm() first. There is
// one instantiation: two racing calls to the glue's init() could each
// instantiate the module, and handles made by the first instance would then
// point into memory the second one replaced.
//
// The worker is woken for a page's scan, nearly always, and the engine is
// the slowest part of its start: so the module is fetched and compiled as
// this file is evaluated (while the rest of the worker starts and the
// scan's message arrives), streaming, not after the first call asks. The
// compiled module is instantiated on the first loadWasm().
//
// Each step is timed with performance.measure ("countersign:wasm" from the
// worker's start to the module instantiated); the benchmark reads them.

import init from "./pkg/countersign.js";
import initMail, { readRawEmail } from "./pkg-mail/countersign.js";

const WASM_URL = chrome.runtime.getURL("pkg/countersign_bg.wasm");

/** The compiling module, or null when compiling early failed (init fetches it then). */
let compiling = typeof WebAssembly.compileStreaming === "function"
  ? WebAssembly.compileStreaming(fetch(WASM_URL)).catch(() => null)
  : null;

let loading = null;

/** Resolves once the wasm module is instantiated. */
export function loadWasm() {
  loading ??= (async () => {
    const compiled = await compiling;
    // Used once: a retry after a failure compiles again.
    compiling = null;
    const ready = await init({ module_or_path: compiled ?? WASM_URL });
    performance.measure?.("countersign:wasm", { start: 0, end: performance.now() });
    return ready;
  })();
  // A failed load is not memoised: the next caller tries again.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

// The raw-email reader (pkg-mail: mail-parser and nothing else) is a
// package of its own, which only the popup's "paste a raw email" check
// needs: it is fetched, compiled and instantiated on the first
// loadMailReader(), never at start, and memoised like the engine. Its glue
// is a separate module with its own memory, so the engine's handles are
// untouched.
const MAIL_URL = chrome.runtime.getURL("pkg-mail/countersign_bg.wasm");

let mailLoading = null;

/**
 * Resolves to the mail package's readRawEmail(bytes), instantiating it once
 * (timed as "countersign:mail", from the first call to the module ready).
 */
export function loadMailReader() {
  mailLoading ??= (async () => {
    const start = performance.now();
    await initMail({ module_or_path: MAIL_URL });
    performance.measure?.("countersign:mail", { start, end: performance.now() });
    return readRawEmail;
  })();
  // A failed load is not memoised: the next caller tries again.
  mailLoading.catch(() => {
    mailLoading = null;
  });
  return mailLoading;
}
