// Page analysis on non-ASCII text in the extension's engine: a 100 KB
// Japanese page, a 100 KB German page and a 100 KB page of hostile Unicode
// (full-width, mathematical bold, combining marks, Cyrillic look-alikes),
// timed in two builds of the wasm package in the same run, alternating, so
// the machine's load falls on both alike. The package normalises with the
// browser's String.prototype.normalize and memoises per character
// (src/unicode.rs); this shows what that costs against Rust's tables.
//
//   node bench/unicode-pages.mjs --base DIR [--pkg DIR] [--runs 15]
//
// --pkg defaults to dist/pkg; --base is the build to compare with (for
// instance one built with `--features detect,nfc-tables`). Prints the
// median of --runs analyses of each page, after two warm-up analyses in
// each build (the first analysis in a process pays for the engine's and
// V8's start-up, whichever build runs it first), and the ratio pkg / base.

import path from "node:path";
import { performance } from "node:perf_hooks";

import { loadPackage } from "../tests/js/helpers/wasm.mjs";

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
const RUNS = Number(option("--runs", "15"));
const PKG = option("--pkg");
const BASE = option("--base");
const DEMO_NOW = 1_796_126_400;
const SIZE = 100_000;

const JA =
  "<p>ノースウィンド・セキュリティのサポートセンターです。お客様のパソコンでウイルスが検出されました。" +
  "今すぐ０１２０－１２３－４５６にお電話ください。担当者が遠隔操作で対応いたします。" +
  "東京都千代田区丸の内一丁目、営業時間は午前九時から午後六時まで。料金は５，０００円です。</p>\n";
const DE =
  "<p>Sehr geehrte Kundin, sehr geehrter Kunde, Ihr Gerät wurde wegen verdächtiger Aktivitäten gesperrt. " +
  "Bitte rufen Sie umgehend den Northwind-Kundendienst unter +49 30 901820 an. Überweisen Sie die Gebühr " +
  "von 299 € nicht vor dem Gespräch; schließen Sie dieses Fenster nicht. Größe, Übermäßig, Straße.</p>\n";
const HOSTILE =
  "<p>Ｎｏｒｔｈｗｉｎｄ \u{1D412}\u{1D41E}\u{1D41C}\u{1D42E}\u{1D42B}\u{1D422}\u{1D42D}\u{1D432} " +
  "N\u0308o\u0301rthwind Nоrthwіnd Ѕecurity ﬁnance ℌelp ⓝⓞⓡⓣⓗ ＋１ ８４４ ５５５ ０１７７ " +
  "té\u0301le\u0327phone ǅ ﬀ ㎳ ① Ⅻ</p>\n";

function page(unit) {
  return unit.repeat(Math.ceil(SIZE / Buffer.byteLength(unit)));
}

async function engine(dir) {
  const pkg = await loadPackage(dir ? path.resolve(dir) : undefined);
  const opened = pkg.Countersign.openDemo(DEMO_NOW);
  if (!opened.ok) throw new Error(opened.message);
  return opened.countersign;
}

function once(cs, html) {
  const t = performance.now();
  const r = cs.analysePage("https://support-desk.example.net/", html, DEMO_NOW);
  const ms = performance.now() - t;
  if (!r.ok) throw new Error(r.message);
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!BASE) {
  console.error("usage: node bench/unicode-pages.mjs --base DIR [--pkg DIR] [--runs N]");
  process.exit(2);
}
const builds = [
  ["pkg", await engine(PKG)],
  ["base", await engine(BASE)],
];
console.log(`page analysis, ${RUNS} runs each, median ms`);
for (const [name, unit] of [["Japanese", JA], ["German", DE], ["hostile", HOSTILE]]) {
  const html = page(unit);
  for (let i = 0; i < 2; i += 1) builds.forEach(([, cs]) => once(cs, html));
  const times = builds.map(() => []);
  for (let i = 0; i < RUNS; i += 1) {
    builds.forEach(([, cs], b) => times[b].push(once(cs, html)));
  }
  const [p, b] = times.map(median);
  console.log(
    `${name.padEnd(9)} ${(Buffer.byteLength(html) / 1000).toFixed(0)} KB: pkg ${p.toFixed(2)}, ` +
      `base ${b.toFixed(2)}, pkg/base ${(p / b).toFixed(2)}x`,
  );
}
