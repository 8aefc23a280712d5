// The demo walkthrough end to end: the demo server's sites on their
// *.localhost names, opened in Chromium with the extension loaded, each
// giving the verdict the printed tour promises (demo/sites/sites.mjs).
//
//   node --test tests/js/www-walkthrough.test.mjs
//
// Verdicts are read from the extension's side, as tests/js/extension.test.mjs
// does: the service worker's chrome.storage.session record for the tab
// ("tab:<id>", with `.url` and `.verdict`). A page the extension turns into a
// full-tab warning is judged by that record too, never by how it looks.
//
// No --host-resolver-rules: Chromium resolves *.localhost to this machine by
// itself, so this is the set-up a person following the tour has.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";

import { CHROMIUM, CHROMIUM_ARGS, browserUnavailable } from "./helpers/browser.mjs";
import { assertAccessible, saveScreenshot, startDemoServer } from "./helpers/site.mjs";
import { ROOT } from "./helpers/wasm.mjs";
import { STOPS, VENDOR_HOST, VENDOR_PAGES, pageUrl, tourText } from "../../demo/sites/sites.mjs";

const skip =
  browserUnavailable() ??
  (existsSync(path.join(ROOT, "scripts/build-extension.sh")) ? false : "no scripts/build-extension.sh");

describe("tour text", () => {
  test("the printed tour lists every stop with its URL", () => {
    const text = tourText(8080);
    for (const stop of STOPS) {
      assert.ok(text.includes(pageUrl(stop.host, stop.path, 8080)), stop.id);
      assert.ok(text.includes(stop.title), stop.id);
    }
    for (const page of VENDOR_PAGES) assert.ok(text.includes(pageUrl(VENDOR_HOST, page.path, 8080)), page.path);
  });
});

describe("demo walkthrough with the extension", { skip }, () => {
  let server;
  let context;
  let probe;
  let extension;
  let userDataDir;

  before(async () => {
    extension = mkdtempSync(path.join(tmpdir(), "countersign-walk-ext-"));
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
    server = await startDemoServer();
    userDataDir = mkdtempSync(path.join(tmpdir(), "countersign-walk-profile-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 760 },
      args: [
        "--headless=new",
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
      ],
    });
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
    const extensionId = new URL(worker.url()).host;
    probe = await context.newPage();
    await probe.goto(`chrome-extension://${extensionId}/options.html`);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [userDataDir, extension]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The extension's stored verdict for the tab showing `url`. */
  async function verdictFor(url, ready, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    let last = [];
    while (Date.now() < deadline) {
      last = await probe.evaluate(async () => Object.values(await chrome.storage.session.get(null)));
      const record = last.find((r) => r && r.url === url && ready(r));
      if (record) return record;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.fail(`no verdict for ${url} in time; stored: ${JSON.stringify(last).slice(0, 3000)}`);
  }

  for (const stop of STOPS) {
    test(`${stop.id}: ${stop.title} → ${stop.expect}`, async () => {
      const page = await context.newPage();
      const url = pageUrl(stop.host, stop.path, server.port);
      // A full-tab warning may take the tab over as it loads: the server's
      // answer is checked when there is one for this URL, and the stored
      // verdict alone decides.
      const response = await page.goto(url).catch((error) => {
        assert.match(String(error), /ERR_ABORTED|interrupted/, url);
        return null;
      });
      if (response && response.url() === url) assert.equal(response.status(), 200, `${url} is served`);
      const ready = stop.ready ? (r) => String(r.title ?? "").startsWith(stop.ready) : () => true;
      const record = await verdictFor(url, ready);
      assert.equal(record.verdict, stop.expect, `${url}: ${JSON.stringify(record).slice(0, 1500)}`);
      if (stop.expect === "verified") {
        assert.ok(record.notices.every((n) => n.ok), "every notice on the page verified");
      }
      // An impersonation is taken over by the full-tab warning, which may
      // come a moment after the verdict is stored: wait for it, so the page
      // is not checked while it navigates away.
      if (stop.expect === "impersonation") {
        await page.waitForURL((u) => u.href !== url, { timeout: 10_000 }).catch(() => {});
      }
      // The page as a person sees it, unless the extension replaced it.
      if (page.url() === url) {
        await saveScreenshot(page, `walkthrough-${stop.id}`);
        await assertAccessible(page, url);
      }
      await page.close();
    });
  }

  test("the inbox lists the three messages and links to each", async () => {
    const page = await context.newPage();
    await page.goto(pageUrl("mail.localhost", "/", server.port));
    const links = page.locator("#inbox a");
    await links.first().waitFor();
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    const mailStops = STOPS.filter((s) => s.host === "mail.localhost").map((s) => s.path);
    assert.deepEqual([...hrefs].sort(), [...mailStops].sort());
    assert.doesNotMatch(await page.innerText("body"), /CS1\.|COUNTERSIGN NOTICE/, "no notice in the list");
    await saveScreenshot(page, "walkthrough-inbox");
    await assertAccessible(page, "the inbox");
    await page.close();
  });
});
