// Phone extraction and page analysis in the browser's engine: the project's
// wasm build against libphonenumber-js `findPhoneNumbersInText`, on the same
// text, and whole-page analysis time for a 100 KB and a 1 MB page.
//
//   node bench/phones.mjs [--mb 1] [--seconds 1.5] [--json] [--pkg DIR] [--pages]
//                         [--rounds 3]
//
// --pages times whole-page analysis only (the rounds of a page-speed
// comparison between two packages, without the phone rows). Each page is
// timed given as a string and as UTF-8 bytes, alternating, in --rounds rounds.
//
// Needs the wasm package (scripts/build.sh). The text is the one
// benches/detect.rs uses natively: a phone number in one of five formats
// (international, dotted, toll-free, UK with (0), spelled out with bullets)
// every ~120 bytes among dates, times and prices. libphonenumber-js runs with
// its default ("min") metadata and defaultCountry "US"; it does not read
// the spelled-out form, which only makes its job easier.
//
// Rows:
//   wasm extractPhones      the scanner alone (detect::phone), E.164 strings back
//   libphonenumber-js       findPhoneNumbersInText(text, "US")
//   wasm analysePage        the whole engine on a page: text, brand, context,
//                           phones, addresses, links, notices, verdict, JS object;
//                           "string" passes the HTML as a JS string, "bytes" as
//                           TextEncoder.encode(html) (the encoding is timed too)

import path from "node:path";
import { performance } from "node:perf_hooks";
import { findPhoneNumbersInText } from "libphonenumber-js";

import { loadPackage } from "../tests/js/helpers/wasm.mjs";
import { page } from "./pages.mjs";
import { timeAlternating } from "./timing.mjs";

const args = process.argv.slice(2);
function option(name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}
const MB = Number(option("--mb", "1"));
const SECONDS = Number(option("--seconds", "1.5"));
const JSON_OUTPUT = args.includes("--json");
const PKG_DIR = args.includes("--pkg") ? path.resolve(option("--pkg", "")) : undefined;
const PAGES_ONLY = args.includes("--pages");
const ROUNDS = Math.max(1, Number(option("--rounds", "3")));
const DEMO_NOW = 1_796_126_400;

/** Same generator as `phone_text` in benches/detect.rs: the text and how
 * many numbers it holds. */
function phoneText(size) {
  const formats = [
    "Call +1 (202) 555-0143 for help. ",
    "Our office: 202.555.0143, open daily. ",
    "Toll free 1-844-555-0177 any time. ",
    "UK: +44 (0)20 7946 0321 weekdays. ",
    "Spelled: 1 \u2022 8 8 8 \u2022 5 5 5 \u2022 0 1 6 2 now. ",
  ];
  const filler = "The quick brown fox jumps over the lazy dog on 2026-11-23 at 14:00, price $39.99. ";
  const parts = [];
  let length = 0;
  let count = 0;
  for (; length < size; count++) {
    const s = formats[count % formats.length] + filler;
    parts.push(s);
    length += Buffer.byteLength(s);
  }
  return { text: parts.join(""), count };
}

/** Runs `fn` repeatedly for about `seconds`; returns ms per run (median of batches). */
function time(fn, seconds = SECONDS) {
  fn(); // warm up
  const samples = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || samples.length < 5) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const pkg = await loadPackage(PKG_DIR);
const { text, count: written } = phoneText(MB * 1_000_000);
const bytes = Buffer.byteLength(text);
const rows = [];

if (PAGES_ONLY) {
  // No phone rows.
} else if (typeof pkg.extractPhones === "function") {
  const found = pkg.extractPhones(text).length;
  const ms = time(() => pkg.extractPhones(text));
  rows.push({ name: "wasm extractPhones", ms, mbps: bytes / 1e6 / (ms / 1000), found });
} else {
  rows.push({ name: "wasm extractPhones", ms: null, mbps: null, found: null, note: "not exported by this build" });
}
const libCount = PAGES_ONLY ? null : findPhoneNumbersInText(text, "US").length;
const libMs = PAGES_ONLY ? null : time(() => findPhoneNumbersInText(text, "US"), Math.max(SECONDS, 3));
if (!PAGES_ONLY) {
  rows.push({ name: "libphonenumber-js", ms: libMs, mbps: bytes / 1e6 / (libMs / 1000), found: libCount });
}

const opened = pkg.Countersign.openDemo(DEMO_NOW);
if (!opened.ok) throw new Error(`demo directory: ${opened.message}`);
const engine = opened.countersign;
// The page goes in as a string and as its UTF-8 bytes (encoded in the timed
// call, as a caller would), the two alternating call by call so the
// machine's load falls on both alike; each row is the median of its rounds.
const encoder = new TextEncoder();
for (const [label, size] of [["100 KB", 100_000], ["1 MB", 1_000_000]]) {
  const html = page(size);
  const ways = [
    ["string", () => engine.analysePage("https://support-desk.example.net/", html, DEMO_NOW)],
    ["bytes", () => engine.analysePage("https://support-desk.example.net/", encoder.encode(html), DEMO_NOW)],
  ];
  const runs = ways.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    timeAlternating(ways.map(([, fn]) => fn), SECONDS).forEach((ms, i) => runs[i].push(ms));
  }
  ways.forEach(([way], i) => {
    const ms = runs[i].sort((a, b) => a - b)[Math.floor(runs[i].length / 2)];
    rows.push({ name: `wasm analysePage ${label} ${way}`, ms, mbps: Buffer.byteLength(html) / 1e6 / (ms / 1000) });
  });
}

const ratio = !PAGES_ONLY && rows[0].ms && libMs ? libMs / rows[0].ms : null;
if (JSON_OUTPUT) {
  console.log(JSON.stringify({ bytes, written, rows, ratio }, null, 2));
} else {
  console.log(`text: ${(bytes / 1e6).toFixed(2)} MB, ${written} numbers written`);
  for (const r of rows) {
    const ms = r.ms == null ? "   n/a" : r.ms.toFixed(2).padStart(8);
    const mbps = r.mbps == null ? "" : `${r.mbps.toFixed(1).padStart(8)} MB/s`;
    const found = r.found == null ? "" : `  ${r.found} found`;
    console.log(`${r.name.padEnd(32)} ${ms} ms ${mbps}${found}${r.note ? `  (${r.note})` : ""}`);
  }
  if (ratio) console.log(`wasm extractPhones is ${ratio.toFixed(1)}x faster than libphonenumber-js`);
}
