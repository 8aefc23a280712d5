// The real-world corpus: the engine on scam emails nobody on the project
// wrote, judged against directories for the real vendors they impersonate.
//
//   node bench/realworld.mjs --source phishing_pot=DIR [--json] [--pkg DIR]
//                            [--list missed|wrong|unnamed|all]
//
// The emails themselves are not in this repository (they belong to their
// collectors); bench/realworld/<source>.json names the collection, the
// commit it was read at and, for every email a person labelled, its file
// name, SHA-256, the vendor it pretends to be and what kind of message it
// is. Fetch the collection at that commit and point --source at its folder.
// Emails the labels do not list are labelled `unrelated` by rule: they name
// none of the vendors (see "Real-world corpus" in docs/detection.md for how
// the labels were made).
//
// The vendors' directories (bench/realworld/vendors/*.toml) are written by
// the project from the vendors' public sites and signed at run time with a
// throwaway root key, exactly as a client verifies a real one.
//
// What is counted, per source and per vendor:
//   support scams   renewal, invoice, refund, tech-support and callback scams:
//                   recall = warned about the right vendor / all of them
//                   (a warning is "impersonation" or "suspicious"; the strict
//                   column counts "impersonation" only)
//   brand phishing  other impersonations of the vendor (log-in pages, prize
//                   draws): the same recall, reported apart, since a
//                   support-scam detector is not built for them
//   wrong vendor    warnings naming a vendor the message does not pretend to
//                   be, on messages that pretend to be one of the vendors
//   no vendor named warnings that name no vendor: nothing found concerns one
//                   (a generic scam). Counted apart from "wrong vendor": the
//                   customer is warned and told of no company. On a message
//                   that pretends to be one of the vendors it is a miss of
//                   the vendor, not a wrong one.
//   precision       of the warnings that name a vendor, the share naming the
//                   vendor the message pretends to be (per vendor: of the
//                   warnings naming that vendor). A warning on a scam that
//                   names the wrong company misleads the customer even
//                   though a warning was right. Warnings that name no
//                   vendor are not counted here.
//   other messages  warnings on messages that pretend to be none of the
//                   vendors. Every message in a phishing collection is a scam
//                   of some kind, so these are not false alarms in the
//                   customer's sense; they are counted, not scored, and
//                   those that name a vendor are counted apart (each one
//                   lowers precision).
//
// This is a measurement, not a test: it needs data the repository does not
// hold. The synthetic corpus (tests/corpus) is the test; the two numbers are
// never mixed.

import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { ROOT, loadMailReader, loadPackage } from "../tests/js/helpers/wasm.mjs";

const args = process.argv.slice(2);
function option(name) {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
function options(name) {
  return args.flatMap((a, i) => (a === name && args[i + 1] ? [args[i + 1]] : []));
}
const JSON_OUTPUT = args.includes("--json");
const LIST = option("--list");
const PKG_DIR = option("--pkg") ? path.resolve(option("--pkg")) : undefined;
// Judged as of a fixed day inside the directories' validity, so a rerun
// next year gives the same answer.
const NOW = Date.parse("2026-12-01T00:00:00Z") / 1000;
const WARNINGS = new Set(["impersonation", "suspicious"]);

function fail(message) {
  console.error(`realworld: ${message}`);
  process.exit(2);
}

const sources = options("--source").map((s) => {
  const at = s.indexOf("=");
  if (at <= 0) fail(`--source takes NAME=FOLDER, got "${s}"`);
  return { name: s.slice(0, at), dir: path.resolve(s.slice(at + 1)) };
});
if (sources.length === 0) {
  fail("no --source given; e.g. --source phishing_pot=../phishing_pot/email (see docs/detection.md)");
}

/** Signs the vendors' directories with a throwaway root and staff key. */
function signVendors() {
  const bin =
    process.env.COUNTERSIGN_BIN ??
    ["release", "debug"].map((p) => path.join(ROOT, "target", p, "countersign")).find((p) => existsSync(p)) ??
    "target/release/countersign";
  if (!existsSync(bin)) fail(`no CLI at ${bin}: run scripts/build.sh or set COUNTERSIGN_BIN`);
  const work = mkdtempSync(path.join(tmpdir(), "countersign-realworld-"));
  const run = (...a) => execFileSync(bin, a, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  run("keygen", "--out", path.join(work, "root"));
  run("keygen", "--out", path.join(work, "staff"));
  const staff = readFileSync(path.join(work, "staff.pub"), "utf8").match(/CSPK1\.[A-Za-z0-9_-]+/)?.[0];
  if (!staff) fail("keygen wrote no public key");
  const root = readFileSync(path.join(work, "root.pub"), "utf8");
  const dir = path.join(ROOT, "bench/realworld/vendors");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".toml"))
    .sort()
    .map((f) => {
      const source = path.join(work, f);
      writeFileSync(source, readFileSync(path.join(dir, f), "utf8").replaceAll("{{STAFF_KEY}}", staff));
      const out = path.join(work, f.replace(/\.toml$/, ".json"));
      run("directory", "sign", source, "--key", path.join(work, "root.secret"), "--out", out, "--force");
      return { envelope: readFileSync(out, "utf8"), root };
    });
}

const pkg = await loadPackage(PKG_DIR);
const opened = pkg.Countersign.openVendors(signVendors(), NOW);
if (!opened.ok) fail(`the vendors' directories did not open: ${opened.message}`);
const cs = opened.countersign;
// Raw emails are read by the mail package, as the extension reads them.
const { readRawEmail } = await loadMailReader();
const analyseEmail = (bytes) => {
  const read = readRawEmail(bytes);
  if (!read.ok) return read;
  return read.parts ? cs.analyseEmailParts(read.parts, NOW) : cs.analysePage(undefined, new TextDecoder().decode(bytes), NOW);
};
const vendorName = new Map(opened.vendors.filter((v) => v.ok !== false).map((v) => [v.name, v.id]));

const results = [];
for (const source of sources) {
  const manifestPath = path.join(ROOT, "bench/realworld", `${source.name}.json`);
  if (!existsSync(manifestPath)) fail(`no labels for source "${source.name}" (${manifestPath})`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (!existsSync(source.dir)) fail(`${source.dir} does not exist`);
  const files = readdirSync(source.dir).filter((f) => f.endsWith(manifest.extension ?? ".eml")).sort();
  let changed = 0;
  for (const file of files) {
    const bytes = readFileSync(path.join(source.dir, file));
    const label = manifest.labels[file] ?? { vendor: "none", kind: "unrelated" };
    if (label.sha256 && createHash("sha256").update(bytes).digest("hex") !== label.sha256) changed += 1;
    const report = analyseEmail(bytes);
    const vendor = report.ok === false ? null : vendorName.get(report.vendor) ?? null;
    results.push({
      source: source.name,
      file,
      label,
      verdict: report.ok === false ? `error: ${report.code}` : report.verdict,
      vendor,
      reasons: (report.reasons ?? []).map((r) => r.code),
    });
  }
  if (changed > 0) console.error(`realworld: ${changed} labelled files in ${source.name} differ from the labelled copies`);
  if (files.length !== manifest.files) {
    console.error(`realworld: ${source.name} has ${files.length} files; the labels were made on ${manifest.files}`);
  }
}

const warned = (r) => WARNINGS.has(r.verdict);
const right = (r) => warned(r) && r.vendor === r.label.vendor && ["support-scam", "brand-phish"].includes(r.label.kind);

function tally(rows, vendor) {
  const support = rows.filter((r) => r.label.kind === "support-scam");
  const phish = rows.filter((r) => r.label.kind === "brand-phish");
  const ours = rows.filter((r) => r.label.vendor !== "none");
  const named = rows.filter((r) => warned(r) && r.vendor && (vendor === undefined || r.vendor === vendor));
  return {
    namedWarnings: named.length,
    namedRight: named.filter((r) => r.vendor === r.label.vendor).length,
    emails: rows.length,
    supportScams: support.length,
    supportWarned: support.filter(right).length,
    supportImpersonation: support.filter((r) => right(r) && r.verdict === "impersonation").length,
    brandPhish: phish.length,
    brandPhishWarned: phish.filter(right).length,
    wrongVendor: ours.filter((r) => warned(r) && r.vendor && r.vendor !== r.label.vendor).length,
    unnamed: rows.filter((r) => warned(r) && !r.vendor).length,
    others: rows.length - ours.length,
    othersWarned: rows.filter((r) => r.label.vendor === "none" && warned(r)).length,
    othersNamed: rows.filter((r) => r.label.vendor === "none" && warned(r) && r.vendor).length,
    errors: rows.filter((r) => r.verdict.startsWith("error")).length,
  };
}

const pct = (n, d) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`);
const groups = [];
for (const source of sources) {
  const rows = results.filter((r) => r.source === source.name);
  groups.push({ source: source.name, vendor: "all", ...tally(rows) });
  const vendors = [...new Set(rows.map((r) => r.label.vendor).concat(rows.filter(warned).map((r) => r.vendor)))]
    .filter((v) => v && v !== "none")
    .sort();
  for (const v of vendors) {
    groups.push({
      source: source.name,
      vendor: v,
      ...tally(
        rows.filter((r) => r.label.vendor === v || (warned(r) && r.vendor === v)),
        v,
      ),
    });
  }
}

if (JSON_OUTPUT) {
  console.log(JSON.stringify({ groups, results: LIST ? results : undefined }, null, 1));
} else {
  console.log("| source | vendor | emails | support scams warned (impersonation only) | brand phishing warned | wrong vendor | warned, no vendor named | precision (vendor named right) | other messages warned (naming a vendor) |");
  console.log("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const g of groups) {
    console.log(
      `| ${g.source} | ${g.vendor} | ${g.emails} | ${g.supportWarned}/${g.supportScams} ${pct(g.supportWarned, g.supportScams)} (${pct(g.supportImpersonation, g.supportScams)}) | ${g.brandPhishWarned}/${g.brandPhish} ${pct(g.brandPhishWarned, g.brandPhish)} | ${g.wrongVendor} | ${g.unnamed} | ${g.namedRight}/${g.namedWarnings} ${pct(g.namedRight, g.namedWarnings)} | ${g.othersWarned}/${g.others} (${g.othersNamed}) |`,
    );
  }
  if (LIST) {
    const pick = {
      missed: (r) => r.label.kind === "support-scam" && !right(r),
      // Every warning that names a vendor the message is not about (what
      // precision counts against), on the vendors' scams and on others.
      wrong: (r) => warned(r) && r.vendor && r.vendor !== r.label.vendor,
      unnamed: (r) => warned(r) && !r.vendor,
      all: () => true,
    }[LIST];
    if (!pick) fail("--list takes missed, wrong, unnamed or all");
    for (const r of results.filter(pick)) {
      console.log(`${r.source}/${r.file}: ${r.verdict} ${r.vendor ?? "-"} [${r.reasons.join(", ")}] label ${r.label.vendor}/${r.label.kind}: ${r.label.note ?? ""}`);
    }
  }
}
