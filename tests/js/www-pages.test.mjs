// The vendor's public pages, served as the demo serves them (the vendor's
// site on northwind.localhost, dist/www underneath), in headless Chromium:
// the verify page at the directory's verify_url path, the signed directory
// at its .well-known path and its readable rendering, "how we contact you",
// the page for vendors; every page accessible (axe), offline (no request
// leaves the site) and usable on a phone-sized screen.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { browserUnavailable, collectErrors, launchChromium } from "./helpers/browser.mjs";
import { assertAccessible, saveScreenshot, startDemoServer } from "./helpers/site.mjs";
import { ROOT } from "./helpers/wasm.mjs";
import { startServer } from "../../scripts/serve.mjs";
import { STOPS, VENDOR_HOST } from "../../demo/sites/sites.mjs";

const skip = browserUnavailable();

/**
 * Every page of the vendor's site, by path, and a name for its screenshot
 * (the support page's is the walkthrough's). Countersign's own about page,
 * which Northwind's home page covers on its site, is on any other host.
 */
const VENDOR_PAGES = [
  ["/", "northwind-home"],
  ["/support", null],
  ["/verify", "verify-empty"],
  ["/directory", "directory"],
  ["/contact", "contact"],
  ["/deploying", "deploying"],
  ["/console", "console-empty"],
];

describe("the vendor's pages", { skip: skip ?? false }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const vendorUrl = (pagePath) => `http://${VENDOR_HOST}:${server.port}${pagePath}`;

  /** Opens a page, recording every request it makes. */
  async function open(url, { width = 1100, height = 760 } = {}) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    const errors = collectErrors(page);
    const requests = [];
    page.on("request", (request) => requests.push(request.url()));
    const response = await page.goto(url);
    assert.equal(response?.status(), 200, url);
    await page.waitForLoadState("networkidle");
    return { page, errors, requests };
  }

  const pages = [...VENDOR_PAGES.map(([pagePath, name]) => [() => vendorUrl(pagePath), name]), [() => server.url, "about"]];
  for (const [where, name] of pages) {
    test(`${name ?? "support"}: loads cleanly, accessible, offline, fits a phone`, async () => {
      const url = where();
      const { page, errors, requests } = await open(url);
      if (name) await saveScreenshot(page, `site-${name}`);
      await assertAccessible(page, url);
      const origin = new URL(url).origin;
      const elsewhere = requests.filter((r) => new URL(r).origin !== origin);
      assert.deepEqual(elsewhere, [], "no request leaves the site (no CDN, no fonts)");
      assert.deepEqual(errors, []);
      // A phone-sized screen: nothing wider than the screen.
      await page.setViewportSize({ width: 360, height: 740 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px on a phone`);
      await assertAccessible(page, `${url} on a phone`);
      await page.close();
    });
  }

  test("every demo site is accessible too, and fits a phone", async () => {
    for (const stop of STOPS) {
      const url = `http://${stop.host}:${server.port}${stop.path}`;
      const { page, errors, requests } = await open(url, { width: 360, height: 740 });
      if (stop.ready) await page.locator("article").waitFor();
      await assertAccessible(page, url);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${url} scrolls sideways by ${overflow}px on a phone`);
      assert.deepEqual(requests.filter((r) => new URL(r).host !== new URL(url).host), [], "offline");
      assert.deepEqual(errors, [], url);
      await page.close();
    }
  });

  test("the tech-support-scam page's alarm is harmless: Esc or one button ends it", async () => {
    const stop = STOPS.find((s) => s.id === "tech-support-scam");
    const { page } = await open(`http://${stop.host}:${server.port}${stop.path}`);
    await page.click("h1");
    await page.waitForFunction(() => document.body.classList.contains("alarm"));
    await page.click("#stop");
    await page.waitForFunction(() => !document.body.classList.contains("alarm") && !document.fullscreenElement);
    // Nothing holds the page: it navigates away at once.
    await page.goto(`http://${VENDOR_HOST}:${server.port}/`);
    assert.match(await page.title(), /Northwind Security/);
    await page.close();
  });

  test("the verify page answers at the directory's verify_url path", async () => {
    const view = JSON.parse(readFileSync(path.join(ROOT, "demo/northwind.directory.json"), "utf8"));
    const body = JSON.parse(Buffer.from(view.body, "base64url").toString("utf8"));
    const verifyPath = new URL(body.verify_url).pathname;
    const { page } = await open(vendorUrl(verifyPath));
    assert.match(await page.locator("h1").innerText(), /Northwind Security/);
    await page.locator("#verify-button:not([disabled])").waitFor();
    // The signed directory, as published, at its .well-known path.
    for (const published of body.published_at) {
      const got = await page.evaluate(async (where) => {
        const response = await fetch(where);
        return { status: response.status, type: response.headers.get("content-type"), json: await response.json() };
      }, new URL(published).pathname);
      assert.equal(got.status, 200);
      assert.match(got.type, /^application\/json/);
      assert.deepEqual(got.json, view);
    }
    await page.close();
  });

  test("the directory page shows the verified directory", async () => {
    const { page } = await open(vendorUrl("/directory"));
    const area = page.getByTestId("directory");
    await area.waitFor();
    const text = await area.innerText();
    assert.match(text, /Checked: signed by Northwind Security's root key 0aff94c924156ac1/);
    for (const expected of [
      /northwind\.example and its subdomains/,
      /support@northwind\.example\s+Support/,
      /billing@northwind\.example\s+Billing/,
      /\+1 202 555 0143\s+US support/,
      /\+44 20 7946 0321\s+UK support/,
      /We never call unexpectedly/,
      /We never ask for payment in gift cards/,
    ]) {
      assert.match(text, expected);
    }
    assert.match(await page.getByTestId("sequence").innerText(), /^Number \d+\./);
    assert.match(await page.getByTestId("expires").innerText(), /\d{4}/);
    // Active keys and revoked keys apart.
    const inUse = await page.locator('table:has(caption:text("Staff keys in use")) tbody tr').allInnerTexts();
    assert.ok(inUse.some((row) => /Dana Whitfield/.test(row)));
    assert.ok(!inUse.some((row) => /Sam Porter/.test(row)), "a revoked key is not shown as in use");
    const revoked = await page.locator('table:has(caption:text("Revoked staff keys")) tbody tr').allInnerTexts();
    assert.equal(revoked.length, 1);
    assert.match(revoked[0], /9d79e6ee8028c22e.*staff member left/s);
    await page.close();
  });

  test("the contact page speaks from the signed directory", async () => {
    const { page } = await open(vendorUrl("/contact"));
    await page.getByTestId("phones").waitFor();
    assert.equal(await page.locator("h1").innerText(), "How Northwind Security contacts you");
    assert.match(await page.getByTestId("phones").innerText(), /\+1 202 555 0143 · US support/);
    assert.match(await page.getByTestId("emails").innerText(), /support@northwind\.example · Support/);
    assert.match(await page.locator("#policies").innerText(), /never ask you to install remote-access software/);
    await page.close();
  });
});

describe("pages configured for a published directory", { skip: skip ?? false }, () => {
  let dir;
  let server;
  let browser;

  before(async () => {
    // A copy of the site set up as a vendor would: config.js names the
    // published directory and pins the (demo) root key.
    dir = mkdtempSync(path.join(tmpdir(), "countersign-site-"));
    cpSync(path.join(ROOT, "dist/www"), dir, { recursive: true });
    const root = readFileSync(path.join(ROOT, "demo/keys/root.pub"), "utf8").trim().split("\n").at(-1);
    writeFileSync(
      path.join(dir, "config.js"),
      `export const DIRECTORY = { url: "/.well-known/countersign/directory.json", rootKey: ${JSON.stringify(root)} };\n`,
    );
    // And a tampered copy: one character of the signed body changed.
    const view = JSON.parse(readFileSync(path.join(ROOT, "demo/northwind.directory.json"), "utf8"));
    const body = Buffer.from(view.body, "base64url").toString("utf8").replace("+12025550143", "+18885550199");
    writeFileSync(
      path.join(dir, "tampered.json"),
      JSON.stringify({ ...view, body: Buffer.from(body).toString("base64url") }),
    );
    server = await startServer({ root: dir, port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the directory page renders the published directory once verified", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}directory`);
    await page.getByTestId("directory").waitFor();
    assert.match(await page.getByTestId("vendor").innerText(), /Northwind Security/);
    await page.close();
  });

  test("a tampered directory is refused and none of it is shown", async () => {
    writeFileSync(
      path.join(dir, "config.js"),
      `export const DIRECTORY = { url: "/tampered.json", rootKey: ${JSON.stringify(
        readFileSync(path.join(ROOT, "demo/keys/root.pub"), "utf8").trim().split("\n").at(-1),
      )} };\n`,
    );
    for (const pagePath of ["directory", "contact"]) {
      const page = await browser.context.newPage();
      await page.goto(`${server.url}${pagePath}`);
      const status = page.locator(pagePath === "directory" ? "#status" : "#official-status");
      await status.filter({ hasText: /not shown|could not be checked/ }).waitFor();
      assert.match(await status.innerText(), /signature|signed/i);
      assert.doesNotMatch(await page.innerText("body"), /888 555 0199|\+18885550199/, `${pagePath} shows nothing of it`);
      await page.close();
    }
  });
});
