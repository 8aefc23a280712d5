// Page analysis in wasm against the native build, in the same run: issue 11
// sets its targets in wasm (10 ms for a 1 MB page, 1 ms for a 100 KB one)
// and asks how far wasm is from native. Timings on a shared machine swing
// 2 to 3x with the load, so the two are timed in turn, round by round, and
// only the ratios of one run are compared (docs/benchmarks.md, "Wasm
// against native, and the build's settings").
//
//   cargo build --release --example page_time
//   node bench/wasm-native.mjs [--pkg DIR]... [--native BIN] [--rounds 3]
//                              [--seconds 1.5] [--json]
//
// Each round times, for each page, the native binary (examples/page_time.rs,
// a child process: the median ms of its analyses) and then every --pkg
// package (default dist/pkg), the packages alternating call by call so that
// a change in the load falls on all of them alike (native runs just before
// them, not call by call). Both sides check they have the same page (its
// length and FNV-1a hash). The page goes in as UTF-8 bytes
// (TextEncoder.encode in the timed call, as the extension's judge() sends
// long texts; native has no such step). Each row is the median of the
// rounds; the ratios, to native and to the first package, are the median
// of each round's own ratio. Several --pkg let build variants be
// compared with each other and with native in the same minutes.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { ROOT } from "../tests/js/helpers/wasm.mjs";
import { page } from "./pages.mjs";
import { median, timeAlternating } from "./timing.mjs";

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
function options(name) {
  return args.flatMap((a, i) => (a === name && args[i + 1] !== undefined ? [args[i + 1]] : []));
}
const SECONDS = Number(option("--seconds", "1.5"));
const ROUNDS = Math.max(1, Number(option("--rounds", "3")));
const JSON_OUTPUT = args.includes("--json");
const NATIVE = path.resolve(option("--native", path.join(ROOT, "target/release/examples/page_time")));
const PKGS = (options("--pkg").length ? options("--pkg") : [path.join(ROOT, "dist/pkg")]).map((d) => path.resolve(d));
const DEMO_NOW = 1_796_126_400;
const URL_ = "https://support-desk.example.net/";

/** Imports one package as its own module instance (a query string per
 * directory keeps two builds with the same file names apart). */
async function load(dir, n) {
  const url = `${pathToFileURL(path.join(dir, "countersign.js")).href}?pkg=${n}`;
  const pkg = await import(url);
  const wasm = pkg.initSync({ module: readFileSync(path.join(dir, "countersign_bg.wasm")) });
  const opened = pkg.Countersign.openDemo(DEMO_NOW);
  if (!opened.ok) throw new Error(`${dir}: demo directory: ${opened.message}`);
  return { dir, engine: opened.countersign, memory: wasm.memory };
}

/** The native binary's median ms for one page (examples/page_time.rs). */
function native(which, bytes, hash) {
  const run = spawnSync(NATIVE, [which, String(SECONDS)], { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`${NATIVE} ${which}: ${run.error?.message ?? run.stderr}; build it with cargo build --release --example page_time`);
  }
  const out = JSON.parse(run.stdout);
  if (out.bytes !== bytes || out.fnv1a !== hash) {
    throw new Error(`native page is ${out.bytes} bytes (FNV-1a ${out.fnv1a}), the JS one ${bytes} (${hash}): not the same page`);
  }
  return out.ms;
}

/** FNV-1a, 64 bits, of `bytes`, as examples/page_time.rs prints it. */
function fnv1a(bytes) {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, "0");
}

const pkgs = [];
for (const [n, dir] of PKGS.entries()) pkgs.push(await load(dir, n));
const encoder = new TextEncoder();
const load0 = loadavg()[0];
const pages = [];
for (const [label, which, size] of [["100 KB", "100kb", 100_000], ["1 MB", "1mb", 1_000_000]]) {
  const html = page(size);
  const encoded = encoder.encode(html);
  const bytes = encoded.length;
  const hash = fnv1a(encoded);
  const nativeRuns = [];
  const wasmRuns = pkgs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    nativeRuns.push(native(which, bytes, hash));
    const fns = pkgs.map(({ engine }) => () => engine.analysePage(URL_, encoder.encode(html), DEMO_NOW));
    timeAlternating(fns, SECONDS).forEach((ms, i) => wasmRuns[i].push(ms));
  }
  const nativeMs = median(nativeRuns);
  const rows = pkgs.map(({ dir }, i) => ({ pkg: path.relative(ROOT, dir) || dir, rounds: wasmRuns[i], ms: median(wasmRuns[i]) }));
  // Ratios are the median of each round's own ratio, so that a round's
  // native and wasm times, taken minutes apart at most, are set side by side.
  for (const [i, row] of rows.entries()) {
    row.toNative = median(wasmRuns[i].map((ms, r) => ms / nativeRuns[r]));
    row.toFirst = median(wasmRuns[i].map((ms, r) => ms / wasmRuns[0][r]));
  }
  pages.push({ page: label, bytes, native: { rounds: nativeRuns, ms: nativeMs }, wasm: rows });
}
const memory = pkgs.map(({ dir, memory: m }) => ({ pkg: path.relative(ROOT, dir) || dir, bytes: m.buffer.byteLength }));
const load1 = loadavg()[0];

if (JSON_OUTPUT) {
  console.log(JSON.stringify({ rounds: ROUNDS, load: [load0, load1], pages, memory }, null, 2));
} else {
  const fmt = (ms) => `${ms.toFixed(2).padStart(7)} ms`;
  const list = (xs) => xs.map((x) => x.toFixed(2)).join(", ");
  console.log(`load average ${load0.toFixed(2)} at the start, ${load1.toFixed(2)} at the end; ${ROUNDS} rounds, medians`);
  for (const p of pages) {
    console.log(`\n${p.page} page (${p.bytes} bytes)`);
    console.log(`  ${"native".padEnd(36)} ${fmt(p.native.ms)}   rounds ${list(p.native.rounds)}`);
    for (const r of p.wasm) {
      console.log(
        `  ${`wasm ${r.pkg}`.padEnd(36)} ${fmt(r.ms)}   ${r.toNative.toFixed(2)}x native, ${r.toFirst.toFixed(2)}x first   rounds ${list(r.rounds)}`,
      );
    }
  }
  console.log(`\nwasm memory after the runs: ${memory.map((m) => `${m.pkg} ${(m.bytes / 1048576).toFixed(1)} MiB`).join(", ")}`);
}
