// Starts compiling the verifier the moment the verify page's scripts run.
//
// verify.js imports this module first, so the browser evaluates it before
// the page's other modules (but config.js, a few constants, which the
// joined verify.js in dist/www imports ahead of its parts): the wasm is handed to the compiler before
// those run (common.js makes its date formatters as it loads, 20 to 40 ms
// in a fresh page on a loaded machine) rather than after them, and
// compiles between and beside them. The request is the one the page's
// <link rel="preload"> already made (same address, same mode), so the
// verifier is downloaded once. In dist/www this module is the first part
// of verify.js (scripts/bundle.mjs).
//
// Only the verify page imports it: the other pages load the verifier when
// they need it (common.js), and the signing console loads another package.

/** The verify-only package's module, compiling as it downloads. */
export const compiling = WebAssembly.compileStreaming(
  fetch(new URL("./pkg/countersign_bg.wasm", import.meta.url)),
);

// A failure (a server that sends the wrong type, say) is handled where the
// module is used: common.js then loads the verifier the ordinary way.
compiling.catch(() => {});
