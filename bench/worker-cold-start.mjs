// Where a stopped service worker's time goes before a page's first verdict
// (a benchmark, not a test: it prints numbers and asserts nothing).
//
//   node bench/worker-cold-start.mjs              (RUNS=7 by default)
//   COMPARE=<revision> node bench/worker-cold-start.mjs   that revision too
//
// Needs dist/pkg (bash scripts/build.sh) and Chromium.
//
// The extension is copied and its worker given two small additions, for
// this benchmark only: a first module that notes when the worker's scripts
// start to be evaluated, and, at the end of background.js, a note of when
// they were all evaluated, of when the first message arrived, and, once the
// worker records "countersign:first-verdict", a copy of its
// performance.measure entries ("countersign:wasm", "countersign:directories")
// in storage.session (after verifying the directories once more, to time
// the same work with its code compiled and the tab loaded), which an extension page reads. (DevTools clients
// such as Playwright do not see a worker that was stopped and started
// again, so the worker has to hand its numbers over itself.) Each run stops
// the worker (ServiceWorker.stopAllWorkers), waits, and loads the typical
// page in a fresh tab; all times are from the worker's start (its
// performance.timeOrigin), except "worker start", which is from the page's
// navigation start.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { startServer } from "../scripts/serve.mjs";
import { CHROMIUM_ARGS, CHROMIUM } from "../tests/js/helpers/browser.mjs";
import { ROOT } from "../tests/js/helpers/wasm.mjs";

const RUNS = Number(process.env.RUNS ?? 7);
const KEY = "bench-cold-start";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values) {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

function page() {
  const words = "the council said on monday that the new road would open next spring after a long delay".split(" ");
  const p = (i) => `<p>${Array.from({ length: 90 }, (_, j) => words[(i * 7 + j) % words.length]).join(" ")}. <a href="/story/${i}">More</a></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local news</title></head><body>
<main><h1>Today's stories</h1>${Array.from({ length: 60 }, (_, i) => p(i)).join("\n")}</main></body></html>`;
}

/** Adds the benchmark's notes to an assembled extension's worker. */
function instrument(dir) {
  writeFileSync(path.join(dir, "bench-start.js"), "globalThis.__benchStart = performance.now();\n");
  const file = path.join(dir, "background.js");
  const source = readFileSync(file, "utf8");
  // A worker joined into one file (scripts/bundle.mjs) holds vendor-handlers.js
  // as a part: use that part, not a second copy of its modules.
  const part = /^\/\/ ---- \.\/vendor-handlers\.js ----\nconst (__module\d+) =/m.exec(source);
  const engine = part
    ? `const { openVendorEngine: benchOpenVendorEngine } = ${part[1]};`
    : `import { openVendorEngine as benchOpenVendorEngine } from "./vendor-handlers.js";`;
  writeFileSync(file, `import "./bench-start.js";\n${source}\n${engine}
globalThis.__benchEvaluated = performance.now();
let benchFirstMessage = null;
chrome.runtime.onMessage.addListener(() => {
  benchFirstMessage ??= performance.now();
  return false;
});
new PerformanceObserver(async (list) => {
  if (!list.getEntries().some((e) => e.name === "countersign:first-verdict")) return;
  const measures = {};
  for (const m of performance.getEntriesByType("measure")) measures[m.name] ??= [m.startTime, m.startTime + m.duration];
  // The same verification once more, its code now compiled and the tab loaded.
  await new Promise((resolve) => setTimeout(resolve, 200));
  (await benchOpenVendorEngine(Math.floor(Date.now() / 1000))).countersign?.free?.();
  const again = performance.getEntriesByName("countersign:directories").at(-1);
  measures["directories again"] = [again.startTime, again.startTime + again.duration];
  chrome.storage.session.set({ ${JSON.stringify(KEY)}: { origin: performance.timeOrigin, start: globalThis.__benchStart,
    evaluated: globalThis.__benchEvaluated, firstMessage: benchFirstMessage, measures } });
}).observe({ type: "measure" });
`);
}

async function runs(chromium, dir, url) {
  const profile = mkdtempSync(path.join(tmpdir(), "countersign-cold-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless=new", ...CHROMIUM_ARGS, "--host-resolver-rules=MAP news.example 127.0.0.1",
      `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
    const id = new URL(worker.url()).host;
    const probe = await context.newPage();
    await probe.goto(`chrome-extension://${id}/options.html`);
    for (const p of context.pages()) if (p.url().endsWith("/welcome.html")) await p.close();
    const out = [];
    for (let i = -1; i < RUNS; i++) {
      await probe.evaluate((key) => globalThis.chrome.storage.session.remove(key), KEY);
      const cdp = await context.newCDPSession(probe);
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.stopAllWorkers");
      await cdp.detach();
      await sleep(500);
      const tab = await context.newPage();
      await tab.goto(`${url}?run=${i}`, { waitUntil: "load" });
      const pageOrigin = await tab.evaluate(() => performance.timeOrigin);
      let split = null;
      const deadline = Date.now() + 60_000;
      while (!split && Date.now() < deadline) {
        split = await probe.evaluate(async (key) => (await globalThis.chrome.storage.session.get(key))[key] ?? null, KEY);
        if (!split) await sleep(50);
      }
      await tab.close();
      if (!split) throw new Error("the worker recorded no first verdict");
      if (i < 0) continue; // the first start of a fresh profile is not typical
      const m = split.measures;
      out.push({
        "worker start": split.origin - pageOrigin,
        "scripts evaluated": split.evaluated,
        "scripts, of which before the first module": split.start,
        "first message": split.firstMessage,
        "wasm compiled and instantiated": m["countersign:wasm"]?.[1],
        "directories verified (duration)": m["countersign:directories"] ? m["countersign:directories"][1] - m["countersign:directories"][0] : NaN,
        "directories verified (end)": m["countersign:directories"]?.[1],
        "directories verified again, 200 ms after the verdict (duration)": m["directories again"] ? m["directories again"][1] - m["directories again"][0] : NaN,
        "first verdict stored": m["countersign:first-verdict"]?.[1],
      });
    }
    return out;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  const { chromium } = await import("playwright-core");
  const www = mkdtempSync(path.join(tmpdir(), "countersign-cold-www-"));
  writeFileSync(path.join(www, "typical.html"), page());
  const server = await startServer({ root: www, port: 0, host: "127.0.0.1" });
  const builds = [["this build", mkdtempSync(path.join(tmpdir(), "countersign-cold-ext-"))]];
  execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), builds[0][1]], { stdio: "pipe" });
  if (process.env.COMPARE) {
    // That revision's extension/ and manifest with this checkout's wasm packages.
    const dir = mkdtempSync(path.join(tmpdir(), "countersign-cold-prev-"));
    const src = mkdtempSync(path.join(tmpdir(), "countersign-cold-src-"));
    execFileSync("bash", ["-c", `git -C "$1" archive "$2" extension manifest.json scripts/build-extension.sh | tar -x -C "$3"`,
      "bash", ROOT, process.env.COMPARE, src]);
    execFileSync("mkdir", ["-p", path.join(src, "dist")]);
    for (const pkg of ["pkg", "pkg-mail"]) execFileSync("cp", ["-R", path.join(ROOT, "dist", pkg), path.join(src, "dist", pkg)]);
    execFileSync("bash", [path.join(src, "scripts/build-extension.sh"), dir], { stdio: "pipe" });
    rmSync(src, { recursive: true, force: true });
    builds.push([`build ${process.env.COMPARE}`, dir]);
  }
  const results = [];
  // Alternated, so that both builds see the same load.
  for (const [, dir] of builds) instrument(dir);
  for (let round = 0; round < 2; round++) {
    for (const [label, dir] of builds) {
      const got = await runs(chromium, dir, `http://news.example:${server.port}/typical.html`);
      results.push([label, got]);
    }
  }
  await server.close();
  for (const [, dir] of builds) rmSync(dir, { recursive: true, force: true });
  rmSync(www, { recursive: true, force: true });

  const names = Object.keys(results[0][1][0]);
  console.log(`Chromium ${execFileSync(CHROMIUM, ["--version"]).toString().trim()}; medians of ${RUNS} cold starts per browser, two browsers per build, ms\n`);
  console.log(`| Step | ${results.map(([label], i) => `${label} (${i < builds.length ? 1 : 2})`).join(" | ")} |`);
  console.log(`| --- | ${results.map(() => "---").join(" | ")} |`);
  for (const name of names) {
    console.log(`| ${name} | ${results.map(([, got]) => median(got.map((r) => r[name])).toFixed(1)).join(" | ")} |`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
