// Loads the wasm package once per worker (or page).
//
// Every module that calls into the engine awaits loadWasm() first. There is
// one instantiation: two racing calls to the glue's init() could each
// instantiate the module, and handles made by the first instance would then
// point into memory the second one replaced.

import init from "./pkg/countersign.js";

let loading = null;

/** Resolves once the wasm module is instantiated. */
export function loadWasm() {
  loading ??= init({ module_or_path: chrome.runtime.getURL("pkg/countersign_bg.wasm") });
  // A failed load is not memoised: the next caller tries again.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
