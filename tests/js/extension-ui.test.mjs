// The extension's own pages in a real Chromium: the popup's flows ("Check
// anything", "Someone is calling me", "Report this", official contacts),
// the first-run page, the options (allowlist with undo, named colours), the
// German locale, and axe-core over every page and state (0 violations).
//
//   node --test tests/js/extension-ui.test.mjs
//   SCREENSHOT_DIR=docs/images node --test tests/js/extension-ui.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh) and Chromium (scripts/setup.sh
// --browser); skipped, saying why, without them.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { CHROMIUM, CHROMIUM_ARGS, launchChromium } from "./helpers/browser.mjs";
import { HOSTS, setUpExtensionSite } from "./helpers/extension-setup.mjs";
import { ROOT } from "./helpers/wasm.mjs";
import { axeViolations } from "./helpers/site.mjs";

const missing = [
  [path.join(ROOT, "dist/pkg/countersign.js"), "dist/pkg is not built (run bash scripts/build.sh)"],
  [CHROMIUM, `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser, or set CHROMIUM)`],
].find(([file]) => !existsSync(file));
const skip = missing ? missing[1] : false;

async function screenshot(page, name) {
  if (!process.env.SCREENSHOT_DIR) return;
  mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const CHROMIUM_TEST_ARGS = [
  "--headless=new",
  "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
  `--host-resolver-rules=${HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(",")}`,
];

describe("extension pages in Chromium", { skip }, () => {
  let env;
  let browser;
  let context;
  let extensionId;
  let probe;

  before(async () => {
    env = await setUpExtensionSite();
    browser = await launchChromium({ extensionPath: env.extension, args: CHROMIUM_TEST_ARGS });
    context = browser.context;
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
    extensionId = new URL(worker.url()).host;
    probe = await context.newPage();
    await probe.goto(`chrome-extension://${extensionId}/options.html`);
  });

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  const extensionUrl = (file) => `chrome-extension://${extensionId}/${file}`;

  async function openPopup(tabId = 999_999) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    await page.goto(extensionUrl(`popup.html?tab=${tabId}`));
    await page.waitForSelector('#verdict:not([data-verdict="loading"])');
    await page.waitForSelector("#official-list :is(.contacts, p)", { state: "attached" });
    return page;
  }

  async function checkAnything(page, text) {
    if (!(await page.$eval("#check", (d) => d.open))) await page.click("#check summary");
    await page.fill("#check-text", text);
    await page.$eval("#check-result", (n) => n.replaceChildren());
    await page.click("#check-go");
    await page.waitForSelector("#check-result > *");
    return {
      verdict: await page.$eval("#check-result .answer", (n) => n.dataset.verdict).catch(() => null),
      headline: await page.$eval("#check-result", (n) => n.querySelector("h2")?.textContent ?? ""),
      visible: await page.innerText("#check-result"),
    };
  }

  async function verdictFor(url, ready = () => true, timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const records = await probe.evaluate(async () => Object.values(await chrome.storage.session.get(null)));
      const record = records.find((r) => r.url === url && ready(r));
      if (record) return record;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no verdict for ${url} in time`);
  }

  test("first run: the welcome page opens, sets the seal, takes addresses, explains pinning", async () => {
    const welcome =
      context.pages().find((p) => p.url().endsWith("/welcome.html")) ??
      (await context.waitForEvent("page", { predicate: (p) => p.url().endsWith("/welcome.html"), timeout: 30_000 }));
    await welcome.waitForFunction(() => document.getElementById("phrase").value !== "");
    const phrase = await welcome.inputValue("#phrase");
    assert.match(phrase, /^[a-z]+ [a-z]+$/, "a phrase was drawn at install");
    const seal = await welcome.textContent("#security-phrase");
    assert.equal(seal, phrase);
    const labels = await welcome.$$eval("#colors button", (bs) => bs.map((b) => b.getAttribute("aria-label")));
    assert.equal(labels.length, 8);
    for (const label of labels) assert.doesNotMatch(label, /#|[0-9a-f]{6}/i, "colour buttons say their colour's name");
    assert.ok(labels.includes("Blue") && labels.includes("Orange"), labels.join(","));
    assert.match(await welcome.innerText("main"), /pin/i);

    await welcome.fill("#phrase", "violet harbor kettle");
    await welcome.click('#colors button[aria-label="Green"]');
    assert.equal(await welcome.textContent("#color-name"), "Green", "the chosen colour is named");
    await welcome.fill("#recipients", "alex@example.com\nnot an address\nsam@example.org");
    await welcome.click('button[type="submit"]');
    await welcome.waitForFunction(() => document.getElementById("saved").textContent !== "");
    const { settings } = await probe.evaluate(() => chrome.storage.local.get("settings"));
    assert.deepEqual(settings, { securityPhrase: "violet harbor kettle", securityColor: "#2e7d32", recipients: ["alex@example.com", "sam@example.org"] });
    await screenshot(welcome, "welcome");
    assert.deepEqual(await axeViolations(welcome), []);
    await welcome.close();
    // Later runs rely on no address binding.
    await probe.evaluate(async () => {
      const { settings: s } = await chrome.storage.local.get("settings");
      await chrome.storage.local.set({ settings: { ...s, recipients: [] } });
    });
  });

  test("Check anything: the official number is the vendor's line, not an invalid notice", async () => {
    const popup = await openPopup();
    const official = await checkAnything(popup, "+1 202 555 0143");
    assert.equal(official.verdict, "official");
    assert.equal(official.headline, "+1 202 555 0143 is Northwind Security's US support line.");
    assert.doesNotMatch(official.visible, /not valid|Do not call/i);
    assert.equal(await popup.$("#check-result .report"), null, "nothing to report about an official number");
    await screenshot(popup, "popup-check-official");

    // Written another way: the same answer, in the same format.
    const other = await checkAnything(popup, "(202) 555-0143");
    assert.equal(other.headline, "+1 202 555 0143 is Northwind Security's US support line.");

    const unknown = await checkAnything(popup, "+1 888 555 0199");
    assert.equal(unknown.headline, "+1 888 555 0199 is not one of Northwind Security's numbers.");
    assert.match(unknown.visible, /\+1 202 555 0143/, "the official numbers are shown beside it");
    assert.doesNotMatch(unknown.visible, /\+12025550143/, "one number format everywhere");
    // "Report this" on an answer that warns, not only on a tab's warning:
    // a draft to the directory's address with what was checked, made plain.
    const draftOf = async () => {
      const href = await popup.getAttribute("#check-result .report", "href");
      assert.ok(href, "a Report this link");
      const mail = new URL(href);
      return { to: mail.pathname, subject: mail.searchParams.get("subject"), body: mail.searchParams.get("body") };
    };
    let draft = await draftOf();
    assert.equal(draft.to, "support@northwind.example");
    assert.match(draft.subject, /Northwind Security/);
    assert.match(draft.body, /What I checked: \+1 888 555 0199/);
    assert.match(draft.body, /is not one of Northwind Security's numbers/);
    const pasted = "Call Northwind Security support now\u202e at +1 888 555 0199\nPay with gift cards <b>today</b>";
    const message = await checkAnything(popup, pasted);
    assert.ok(["suspicious", "impersonation"].includes(message.verdict), message.verdict);
    draft = await draftOf();
    assert.ok(!draft.body.includes("\u202e"), "control characters are removed");
    assert.match(draft.body, /What I checked: Call Northwind Security support now +at \+1 888 555 0199 Pay with gift cards <b>today<\/b>/, draft.body);
    assert.equal(await popup.evaluate(() => location.pathname), "/popup.html", "nothing was opened or sent by itself");

    const site = await checkAnything(popup, "https://northwind-support.com/help");
    assert.match(site.headline, /northwind-support\.com (imitates|is not)/);
    assert.ok(["suspicious", "impersonation"].includes(site.verdict));
    const reasons = await popup.$$eval("#check-result .answer > .reasons li", (li) => li.length);
    assert.ok(reasons >= 1 && reasons <= 3, `${reasons} reasons`);
    assert.doesNotMatch(site.visible, /\((lookalike|unofficial|brand)[a-z-]*\)/, "no codes outside Details");
    await screenshot(popup, "popup-check-lookalike");
    assert.deepEqual(await axeViolations(popup), []);

    const notice = await checkAnything(popup, `Your code: ${env.signed.email.token}`);
    assert.equal(notice.verdict, "verified");
    assert.equal(notice.headline, "A genuine notice from Northwind Security.");
    await popup.close();
  });

  test("Check anything: a pasted raw email is read by the mail package, loaded only then", async () => {
    const worker = () => context.serviceWorkers()[0];
    // How many times the worker instantiated the mail package (wasm-loader.js
    // marks each with a performance measure).
    const mailFetched = async () => worker().evaluate(() => performance.getEntriesByName("countersign:mail").length);
    const popup = await openPopup();
    // The official number goes to the engine alone.
    await checkAnything(popup, "+1 202 555 0143");
    assert.equal(await mailFetched(), 0, "the mail package is not loaded for anything but a raw email");
    // The body in quoted-printable, the number split by a soft line break:
    // only a decoded body shows it.
    const raw = [
      "From: Northwind Security <help@northwind-security-alerts.com>",
      "To: alex@example.com",
      "Subject: Your licence",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Your Northwind Security licence expired. Call Northwind Security support on +1 888 555 01=",
      "99 today.",
    ].join("\r\n");
    const answer = await checkAnything(popup, raw);
    assert.ok(["suspicious", "impersonation"].includes(answer.verdict), `${answer.verdict}: ${answer.visible}`);
    assert.equal(await mailFetched(), 1, "the worker instantiated the mail package for the raw email");
    // Memoised: a second raw email is read by the same instance.
    const again = await checkAnything(popup, raw.replace("Your licence", "Your licence again"));
    assert.equal(again.verdict, answer.verdict);
    assert.equal(await mailFetched(), 1, "the mail package was instantiated once");
    await popup.close();
  });

  test("Someone is calling me: no call announced, then the announced call and its phrase", async () => {
    await probe.evaluate(() => chrome.storage.local.remove("announcedCalls"));
    let popup = await openPopup();
    await popup.click("#calling summary");
    await popup.waitForSelector("#calling-result .call");
    let text = await popup.innerText("#calling-result");
    assert.match(text, /No call is expected now/);
    assert.match(text, /Hang up/);
    assert.match(text, /\+1 202 555 0143/);
    assert.match(text, /We never call unexpectedly/);
    await screenshot(popup, "popup-calling-none");
    assert.deepEqual(await axeViolations(popup), []);
    await popup.close();

    // A genuine scheduled-call notice seen in webmail is remembered.
    const mail = await context.newPage();
    const url = env.site("mail.example", "webmail.html?m=valid-call");
    await mail.goto(url);
    const record = await verdictFor(url, (r) => r.notices?.length > 0);
    assert.equal(record.verdict, "verified");
    await probe.waitForFunction(async () => ((await chrome.storage.local.get("announcedCalls")).announcedCalls ?? []).length > 0);

    popup = await openPopup();
    await popup.click("#calling summary");
    await popup.waitForSelector("#calling-result .call.due");
    text = await popup.innerText("#calling-result");
    assert.match(text, /A call from Northwind Security is due now/);
    assert.equal(await popup.textContent("#calling-result .phrase"), env.signed.call.phrase);
    assert.match(text, /Dana Whitfield will call from \+1 202 555 0143/);
    await screenshot(popup, "popup-calling-due");
    assert.deepEqual(await axeViolations(popup), []);
    await popup.close();

    // The verified page's own popup, for the record.
    const verified = await openPopup(record.tabId);
    await screenshot(verified, "popup-verified");
    assert.deepEqual(await axeViolations(verified), []);
    await verified.close();
    await mail.close();
  });

  test("a warning: three reasons at most, codes under Details, Report this drafts an email", async () => {
    const page = await context.newPage();
    const url = env.site("northwind-support.com", "scam-support.html");
    await page.goto(url);
    const record = await verdictFor(url);
    assert.ok(["impersonation", "suspicious"].includes(record.verdict), record.verdict);
    const popup = await openPopup(record.tabId);
    const reasons = await popup.$$eval("#verdict-reasons li", (li) => li.map((n) => n.textContent));
    assert.ok(reasons.length >= 1 && reasons.length <= 3, JSON.stringify(reasons));
    assert.equal(new Set(reasons).size, reasons.length, "no fact twice");
    const visible = await popup.innerText("#verdict");
    assert.doesNotMatch(visible, /\([a-z]+(-[a-z]+)+\)/, "no codes in the main text");
    assert.equal(await popup.$eval("#verdict-details", (d) => d.open), false);
    assert.ok((await popup.$$eval("#verdict-codes li", (li) => li.length)) > 0, "codes are under Details");

    const href = await popup.getAttribute("#report", "href");
    assert.equal(await popup.isVisible("#report"), true);
    const mail = new URL(href);
    assert.equal(mail.protocol, "mailto:");
    assert.equal(mail.pathname, "support@northwind.example");
    assert.match(mail.searchParams.get("body"), new RegExp(url.replace(/[.?]/g, "\\$&")));
    assert.match(mail.searchParams.get("subject"), /Northwind Security/);
    await screenshot(popup, `popup-${record.verdict}`);
    assert.deepEqual(await axeViolations(popup), []);

    // Official contacts: one click from the popup, not behind Settings.
    await popup.click("#official summary");
    const official = await popup.innerText("#official");
    assert.match(official, /\+1 202 555 0143/);
    assert.match(official, /\+44 20 7946 0321/);
    assert.match(official, /support@northwind\.example/);
    await screenshot(popup, "popup-official-contacts");
    await popup.close();
    await page.close();
  });

  test("clean and unchecked popups pass axe", async () => {
    const popup = await openPopup();
    assert.equal(await popup.textContent("#verdict-title"), "Not checked yet");
    assert.deepEqual(await axeViolations(popup), []);
    await popup.close();
  });

  test("options: named colours, the allowlist with undo, the vendors container", async () => {
    await probe.evaluate(() =>
      chrome.storage.local.set({
        allowedSites: {
          "northwind-support.com": { at: 1_790_000_000, verdict: "impersonation" },
          "help-desk.example": { at: 1_790_000_100, verdict: "suspicious" },
        },
      }),
    );
    await probe.reload();
    await probe.waitForSelector("#allowed-list li");
    assert.deepEqual(
      await probe.$$eval("#allowed-list li > span:first-child", (s) => s.map((n) => n.textContent)),
      ["help-desk.example", "northwind-support.com"],
    );
    await probe.click('#allowed-list button[aria-label="Undo: warn again on northwind-support.com"]');
    await probe.waitForFunction(() => document.querySelectorAll("#allowed-list li").length === 1);
    const { allowedSites } = await probe.evaluate(() => chrome.storage.local.get("allowedSites"));
    assert.deepEqual(Object.keys(allowedSites), ["help-desk.example"]);

    const labels = await probe.$$eval("#colors button", (bs) => bs.map((b) => b.getAttribute("aria-label")));
    assert.ok(labels.every((l) => /^[A-Z][a-z]+$/.test(l)), labels.join(","));
    assert.equal(await probe.$$eval("section#vendors", (s) => s.length), 1);
    await probe.waitForSelector("#directory-body .vendor");
    assert.match(await probe.innerText("#directory"), /\+1 202 555 0143 \(US support\)/);
    await screenshot(probe, "options");
    assert.deepEqual(await axeViolations(probe), []);
  });
});

describe("extension pages in German", { skip }, () => {
  test("the popup and the welcome page speak the browser's language", async () => {
    const env = await setUpExtensionSite();
    // Chromium on Linux takes its UI language (and so chrome.i18n's) from
    // the environment; --lang covers the other platforms.
    const { chromium } = await import("playwright-core");
    const profile = mkdtempSync(path.join(tmpdir(), "countersign-chromium-de-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, LANGUAGE: "de", LANG: "de_DE.UTF-8", LC_ALL: "de_DE.UTF-8" },
      args: [
        ...CHROMIUM_ARGS,
        ...CHROMIUM_TEST_ARGS,
        "--lang=de",
        `--disable-extensions-except=${env.extension}`,
        `--load-extension=${env.extension}`,
      ],
    });
    const browser = {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
    try {
      let [worker] = browser.context.serviceWorkers();
      worker ??= await browser.context.waitForEvent("serviceworker", { timeout: 30_000 });
      const id = new URL(worker.url()).host;
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${id}/popup.html?tab=999999`);
      await popup.waitForSelector('#verdict:not([data-verdict="loading"])');
      assert.equal(await popup.getAttribute("html", "lang"), "de");
      assert.equal(await popup.textContent("#check summary"), "Etwas prüfen");
      assert.equal(await popup.textContent("#verdict-title"), "Noch nicht geprüft");
      await popup.click("#check summary");
      await popup.fill("#check-text", "+1 202 555 0143");
      await popup.click("#check-go");
      await popup.waitForSelector("#check-result h2");
      assert.equal(await popup.textContent("#check-result h2"), "+1 202 555 0143 ist die Nummer von Northwind Security (US support).");
      assert.deepEqual(await axeViolations(popup), []);
      const welcome = await browser.context.newPage();
      await welcome.goto(`chrome-extension://${id}/welcome.html`);
      assert.equal(await welcome.textContent("h1"), "Willkommen bei Countersign");
      const labels = await welcome.$$eval("#colors button", (bs) => bs.map((b) => b.getAttribute("aria-label")));
      assert.ok(labels.includes("Blau") && labels.includes("Grün"), labels.join(","));

      // A look-alike support page: the full-tab warning and the popup say
      // the engine's facts in German, from _locales, with the page's values.
      const scam = await browser.context.newPage();
      const url = env.site("northwind-support.com", "scam-support.html");
      await scam.goto(url);
      await scam.waitForURL(/warning\.html/, { timeout: 60_000 });
      await scam.waitForSelector("body[data-ready=true]");
      const warningFacts = await scam.$$eval("#facts li", (lis) => lis.map((li) => li.textContent));
      assert.ok(warningFacts.length >= 1, "the warning states a fact");
      assert.match(warningFacts[0], /northwind-support\.com, gehört nicht Northwind Security\. Sie soll aussehen wie northwind\.example\./);
      for (const fact of warningFacts) assert.doesNotMatch(fact, /\b(is not|It presents|official:)\b/, `said in German: ${fact}`);
      assert.deepEqual(await axeViolations(scam), []);
      const tabId = await popup.evaluate(async (u) => {
        const all = await chrome.storage.session.get(null);
        return Object.values(all).find((r) => r?.url === u && Number.isInteger(r.tabId))?.tabId ?? null;
      }, url);
      assert.ok(Number.isInteger(tabId), "the tab keeps its verdict under the warning");
      await popup.goto(`chrome-extension://${id}/popup.html?tab=${tabId}`);
      await popup.waitForSelector("#verdict-reasons li");
      const reasons = await popup.$$eval("#verdict-reasons li", (lis) => lis.map((li) => li.textContent));
      assert.ok(reasons.length >= 1 && reasons.length <= 3, JSON.stringify(reasons));
      for (const reason of reasons) assert.doesNotMatch(reason, /\b(is not|It presents|official:)\b/, `said in German: ${reason}`);
      assert.ok(reasons.some((r) => r.includes("gehört nicht Northwind Security")), JSON.stringify(reasons));
      await screenshot(popup, "popup-de-warning");
    } finally {
      await browser.close();
      await env.close();
    }
  });
});
