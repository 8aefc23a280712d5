// Starts the engine's wasm compile as the first thing the worker does.
//
// background.js imports this module first, so its fetch and streaming
// compile (on the browser's background threads) begin before the other
// modules of the worker are evaluated, not after most of them: a module
// graph is evaluated depth first, and wasm-loader.js sits deep in it.
// Nothing is cached: the module is compiled from the extension's own file
// on every start, and the directories are verified after it, as before.

/** The compiling module, or null when compiling early failed (init fetches it then). */
export const compiling = typeof WebAssembly.compileStreaming === "function"
  ? WebAssembly.compileStreaming(fetch(chrome.runtime.getURL("pkg/countersign_bg.wasm"))).catch(() => null)
  : null;
