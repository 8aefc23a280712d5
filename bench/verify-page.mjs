// The verify page from opening a verify link to the verdict on screen, in
// headless Chromium: the HTML, the script, the wasm fetch and compile, the
// directory check, the notice check and the rendering, all of it.
//
//   bash scripts/build.sh            # dist/www, dist/pkg, dist/pkg-verify
//   node bench/verify-page.mjs       # --runs 15
//
// Each run opens a fresh browser context (empty cache: a first visit) on
// `verify.html#<token>` and records, from inside the page, the time since
// navigation start at which the verdict card appears. The same run also
// serves the site with the package that carries the detection engine
// (dist/pkg) in place of the verify-only one, so the two compare on the
// same machine at the same moment. Reported, never asserted.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { launchChromium, startSite } from "../tests/js/helpers/browser.mjs";
import { ROOT, demoStaffSecret, loadSigner, nowSeconds } from "../tests/js/helpers/wasm.mjs";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 15;

// Records when #result first gets a card, before any page script runs.
const OBSERVE = `
  window.__verdictAt = null;
  new MutationObserver((_, observer) => {
    const card = document.querySelector("#result > *");
    if (card && window.__verdictAt === null) {
      window.__verdictAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
`;

async function signedLink() {
  const pkg = await loadSigner();
  const now = nowSeconds();
  const cs = pkg.Countersign.openDemo(now).countersign;
  const signed = cs.signNotice(
    demoStaffSecret(),
    { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" },
    now,
  );
  if (!signed.ok) throw new Error(signed.message);
  return signed.token;
}

async function measure(root, token) {
  const site = await startSite(root);
  const browser = await launchChromium();
  const times = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.addInitScript(OBSERVE);
      await page.goto(`${site.url}verify.html#${token}`);
      await page.waitForFunction(() => globalThis.__verdictAt !== null, null, { timeout: 30_000 });
      const at = await page.evaluate(() => globalThis.__verdictAt);
      const text = await page.locator("#result").innerText();
      if (!/genuine/i.test(text)) throw new Error(`unexpected verdict: ${text.slice(0, 200)}`);
      await page.close();
      if (i > 0) times.push(at); // the first run warms the browser process itself
    }
  } finally {
    await browser.close();
    await site.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  return { median, min: times[0], max: times[times.length - 1] };
}

const token = await signedLink();
const verifyOnly = await measure(path.join(ROOT, "dist/www"), token);

// The same site with the engine's package, for the ratio.
const withEngine = mkdtempSync(path.join(os.tmpdir(), "countersign-www-engine-"));
cpSync(path.join(ROOT, "dist/www"), withEngine, { recursive: true });
rmSync(path.join(withEngine, "pkg"), { recursive: true, force: true });
cpSync(path.join(ROOT, "dist/pkg"), path.join(withEngine, "pkg"), { recursive: true });
let engine;
try {
  engine = await measure(withEngine, token);
} finally {
  rmSync(withEngine, { recursive: true, force: true });
}

const row = (name, r) =>
  `| ${name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} |`;
console.log(`verify link to verdict on screen, headless Chromium, ${runs} cold loads each (ms since navigation start)\n`);
console.log("| package | median | min | max |");
console.log("| --- | ---: | ---: | ---: |");
console.log(row("verify-only (dist/pkg-verify, shipped)", verifyOnly));
console.log(row("with the detection engine (dist/pkg)", engine));
console.log(`\nratio (engine / verify-only, median): ${(engine.median / verifyOnly.median).toFixed(2)}x`);
