// The browser extension in Firefox (Debian's firefox-esr over WebDriver
// BiDi, tests/js/helpers/firefox.mjs): the same end-to-end cases as the
// Chromium run, against the same fixture site under the same host names.
//
//   node --test tests/js/extension-firefox.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh) and firefox-esr (scripts/setup.sh
// --browser; FIREFOX=/path overrides); skipped, saying why, without them.
//
// Firefox does not let the automation navigate a tab to a moz-extension:
// page, so the tests work from the page the extension opens itself (the
// welcome page at install), which opens the others with tabs.create.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { FIREFOX, firefoxUnavailable, launchFirefox } from "./helpers/firefox.mjs";
import { HOSTS, setUpExtensionSite } from "./helpers/extension-setup.mjs";
import { ROOT } from "./helpers/wasm.mjs";

const skip = !existsSync(path.join(ROOT, "dist/pkg/countersign.js"))
  ? "dist/pkg is not built (run bash scripts/build.sh)"
  : (firefoxUnavailable() ?? false);

const VENDOR = "Northwind Security";

describe("browser extension in Firefox", { skip }, () => {
  let env;
  let ff;
  let probe;

  /** The tab showing an extension page whose URL ends with `suffix`, once it exists. */
  async function extensionTab(suffix, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const { contexts } = await ff.bidi.send("browsingContext.getTree", { maxDepth: 0 });
      const found = contexts.find((c) => c.url.startsWith(ff.extensionBase) && c.url.endsWith(suffix));
      if (found) return ff.tab(found.context);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`no extension tab ${suffix}`);
  }

  before(async () => {
    env = await setUpExtensionSite();
    ff = await launchFirefox({ extensionPath: env.extension, hosts: HOSTS });
    probe = await extensionTab("/welcome.html");
    await probe.waitFor(() => document.readyState === "complete" && typeof browser.storage.session.get === "function");
  });

  after(async () => {
    await ff?.close();
    await env?.close();
  });

  /** The stored verdict for the tab showing `url`, once `ready(record)`. */
  function verdictFor(url, ready = "() => true") {
    return probe.waitFor(
      new Function("url", `return browser.storage.session.get(null).then((all) => Object.values(all).find((r) => r.url === url && (${ready})(r)) ?? null);`),
      { timeout: 60_000 },
      url,
    );
  }

  /** Opens the popup for a tab as a page and reads what it shows. */
  async function popup(tabId, name) {
    await probe.evaluate((id) => browser.tabs.create({ url: `popup.html?tab=${id}`, active: false }).then(() => true), tabId);
    const page = await extensionTab(`/popup.html?tab=${tabId}`);
    await page.waitFor(() => document.getElementById("verdict").dataset.verdict !== "loading");
    if (process.env.SCREENSHOT_DIR && name) {
      await page.setViewport(380, 600);
      mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
      await page.screenshot(path.join(process.env.SCREENSHOT_DIR, `firefox-popup-${name}.png`));
    }
    const shown = await page.evaluate(() => ({
      verdict: document.getElementById("verdict").dataset.verdict,
      title: document.getElementById("verdict-title").textContent,
      notices: [...document.querySelectorAll("#notices .notice")].map((n) => n.textContent),
      phrases: [...document.querySelectorAll("#notices .phrase")].map((n) => n.textContent),
      reasons: [...document.querySelectorAll("#verdict-reasons li")].map((n) => n.textContent),
    }));
    return { page, shown };
  }

  test("official site: official", async () => {
    const url = env.site("northwind.example", "northwind-support.html");
    const tab = await ff.newTab(url);
    const record = await verdictFor(url);
    assert.equal(record.verdict, "official");
    const { page, shown } = await popup(record.tabId, "official");
    assert.equal(shown.title, `Official ${VENDOR} website`);
    assert.equal(await tab.evaluate(() => window.__mutations), 0, "the page was not changed");
    await page.close();
    await tab.close();
  });

  test("unrelated site: nothing to report", async () => {
    const url = env.site("recipes.example", "recipes.html");
    const tab = await ff.newTab(url);
    const record = await verdictFor(url);
    assert.equal(record.verdict, "clean");
    await tab.close();
  });

  test("webmail with a signed call notice: verified, with the phrase", async () => {
    const url = env.site("mail.example", "webmail.html?m=valid-call");
    const tab = await ff.newTab(url);
    const record = await verdictFor(url, "(r) => r.notices.length > 0");
    assert.equal(record.verdict, "verified", JSON.stringify(record).slice(0, 1000));
    assert.equal(record.notices[0].notice.phrase, env.signed.call.phrase);
    const { page, shown } = await popup(record.tabId, "verified");
    assert.equal(shown.title, `Verified ${VENDOR} notice`);
    assert.deepEqual(shown.phrases, [env.signed.call.phrase]);
    await page.close();
    await tab.close();
  });

  // The popup of a tab taken to the full-tab warning still shows the
  // page's verdict: Firefox reports the warning's load twice, and the
  // second must not drop the record (background.js, tabs.onUpdated).
  test("webmail with a forged notice: not valid", async () => {
    const url = env.site("mail.example", "webmail.html?m=forged-call");
    const tab = await ff.newTab(url);
    const record = await verdictFor(url, "(r) => r.notices.length > 0");
    assert.equal(record.verdict, "invalid-notice");
    const { page, shown } = await popup(record.tabId, "invalid");
    assert.match(shown.notices[0], /This notice is not valid/);
    assert.deepEqual(shown.phrases, []);
    await page.close();
    await tab.close();
  });

  test("look-alike support page: a warning with reasons", async () => {
    const url = env.site("northwind-support.com", "scam-support.html");
    const tab = await ff.newTab(url);
    const record = await verdictFor(url);
    assert.ok(["impersonation", "suspicious"].includes(record.verdict), record.verdict);
    const { page, shown } = await popup(record.tabId, record.verdict);
    assert.ok(shown.reasons.length >= 1 && shown.reasons.length <= 3);
    await page.close();
    await tab.close();
  });

  test("popup: Check anything says the official number is the vendor's line", async () => {
    const { page } = await popup(999_999);
    await page.evaluate(() => {
      document.getElementById("check").open = true;
      document.getElementById("check-text").value = "+1 202 555 0143";
      document.getElementById("check-go").click();
    });
    const headline = await page.waitFor(() => document.querySelector("#check-result h2")?.textContent);
    assert.equal(headline, `+1 202 555 0143 is ${VENDOR}'s US support line.`);
    await page.close();
  });
});

// Firefox in German (Debian's firefox-esr-l10n-de language pack, installed
// with the browser by scripts/setup.sh --browser): the engine's facts on the
// full-tab warning and in the popup are said from _locales/de.
// The language pack sits in the folder of the real Firefox binary.
const LANGPACK_DE = existsSync(FIREFOX)
  ? path.join(path.dirname(realpathSync(FIREFOX)), "browser", "extensions", "langpack-de@firefox-esr.mozilla.org.xpi")
  : "";
const skipGerman = skip || (existsSync(LANGPACK_DE)
  ? false
  : "no German language pack for Firefox (Debian: firefox-esr-l10n-de; scripts/setup.sh --browser)");

describe("browser extension in Firefox, in German", { skip: skipGerman }, () => {
  test("the warning and the popup say the facts in German", async () => {
    const env = await setUpExtensionSite();
    const ff = await launchFirefox({ extensionPath: env.extension, hosts: HOSTS, prefs: { "intl.locale.requested": "de" } });
    try {
      const find = async (match, timeout = 60_000) => {
        const deadline = Date.now() + timeout;
        while (Date.now() < deadline) {
          const { contexts } = await ff.bidi.send("browsingContext.getTree", { maxDepth: 0 });
          const found = contexts.find((c) => match(c.url));
          if (found) return ff.tab(found.context);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        throw new Error("no such tab");
      };
      const probe = await find((u) => u.startsWith(ff.extensionBase) && u.endsWith("/welcome.html"));
      await probe.waitFor(() => document.readyState === "complete");
      assert.equal(await probe.evaluate(() => browser.i18n.getMessage("langCode")), "de");

      const url = env.site("northwind-support.com", "scam-support.html");
      const tab = await ff.newTab();
      await tab.goto(url, { wait: "none" });
      const facts = await tab.waitFor(
        () => location.pathname.endsWith("/warning.html") && document.body.dataset.ready === "true" &&
          [...document.querySelectorAll("#facts li")].map((li) => li.textContent),
        { timeout: 60_000 },
      );
      assert.ok(facts.some((f) => f.includes("northwind-support.com, gehört nicht Northwind Security")), JSON.stringify(facts));
      for (const fact of facts) assert.doesNotMatch(fact, /\b(is not|It presents|official:)\b/, `said in German: ${fact}`);

      const tabId = await probe.evaluate(async (u) => {
        const all = await browser.storage.session.get(null);
        return Object.values(all).find((r) => r?.url === u && Number.isInteger(r.tabId))?.tabId ?? null;
      }, url);
      assert.ok(Number.isInteger(tabId), "the tab keeps its verdict under the warning");
      await probe.evaluate((id) => browser.tabs.create({ url: `popup.html?tab=${id}`, active: false }).then(() => true), tabId);
      const popup = await find((u) => u.startsWith(ff.extensionBase) && u.endsWith(`/popup.html?tab=${tabId}`));
      const reasons = await popup.waitFor(() => {
        const items = [...document.querySelectorAll("#verdict-reasons li")].map((li) => li.textContent);
        return items.length > 0 ? items : null;
      });
      assert.ok(reasons.length <= 3, JSON.stringify(reasons));
      assert.ok(reasons.some((r) => r.includes("gehört nicht Northwind Security")), JSON.stringify(reasons));
      for (const reason of reasons) assert.doesNotMatch(reason, /\b(is not|It presents|official:)\b/, `said in German: ${reason}`);
    } finally {
      await ff.close();
      await env.close();
    }
  });
});
