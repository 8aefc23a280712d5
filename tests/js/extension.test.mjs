// The browser extension, loaded unpacked into a real Chromium, against pages
// served under realistic host names.
//
//   node --test tests/js/extension.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh) and a Chromium (scripts/setup.sh
// --browser; CHROMIUM=/path overrides /usr/bin/chromium). Without them the
// tests are skipped, saying why.
//
// Every verdict is read from the extension's side: the service worker's
// storage, the toolbar badge and the popup page. The pages themselves are
// checked to learn nothing and to stay unmodified.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { CHROMIUM, CHROMIUM_ARGS } from "./helpers/browser.mjs";
import { ROOT, demoStaffSecret, loadSigner, nowSeconds } from "./helpers/wasm.mjs";

const FIXTURES = path.join(ROOT, "tests/js/fixtures/extension");

const missing = [
  [path.join(ROOT, "dist/pkg/countersign.js"), "dist/pkg is not built (run bash scripts/build.sh)"],
  [CHROMIUM, `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser, or set CHROMIUM)`],
].find(([file]) => !existsSync(file));
const skip = missing ? missing[1] : false;

// The popup's headline per verdict (popup.js), with the demo vendor's name.
const VENDOR = "Northwind Security";

describe("content scripts and message module", () => {
  test("content scripts and worker share their tags and limits from shared.js", async () => {
    const { MSG, TO_TAB, TIER, LIMITS } = await import(pathToFileURL(path.join(ROOT, "extension/messages.js")).href);
    const shared = globalThis.COUNTERSIGN_SHARED;
    assert.ok(shared, "messages.js loads shared.js");
    assert.equal(MSG.PAGE_SCAN, shared.MSG.PAGE_SCAN);
    assert.equal(TO_TAB.PAGE_UI, shared.MSG.PAGE_UI);
    assert.equal(LIMITS.NOTICES, shared.LIMITS.NOTICES);
    assert.equal(TIER[MSG.PAGE_SCAN], "content");
    for (const type of Object.values(MSG)) {
      assert.ok(Object.hasOwn(TIER, type), `${type} has a trust tier`);
    }
    // No content script spells a tag or a marker itself.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "manifest.json"), "utf8"));
    const isolated = manifest.content_scripts.find((c) => c.world !== "MAIN");
    assert.equal(isolated.js[0], "shared.js", "shared.js is loaded before every other content script");
    // The full scan's files, which the first content script imports.
    const fullScan = readFileSync(path.join(ROOT, "extension/full-scan.js"), "utf8");
    const imported = [...fullScan.matchAll(/^import "\.\/([^"]+)";$/gm)].map((m) => m[1]);
    assert.ok(imported.includes("content/scan.js") && imported.includes("content/page-ui.js"), "full-scan.js imports the walk and the page UI");
    for (const file of [...isolated.js.slice(1), ...imported]) {
      const text = readFileSync(path.join(ROOT, "extension", file), "utf8");
      for (const literal of [`"${MSG.PAGE_SCAN}"`, `"${TO_TAB.PAGE_UI}"`, '"CS1."', '"BEGIN COUNTERSIGN NOTICE"']) {
        assert.ok(!text.includes(literal), `${file} repeats ${literal}`);
      }
    }
  });
});

describe("the built service worker", { skip: missing && !missing[1].startsWith("no Chromium") ? missing[1] : false }, () => {
  test("is one file: background.js and its modules joined, the wasm still found in pkg/", () => {
    const out = mkdtempSync(path.join(tmpdir(), "countersign-ext-worker-"));
    try {
      execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), out], { stdio: "pipe" });
      const worker = readFileSync(path.join(out, "background.js"), "utf8");
      const imports = worker.match(/^\s*import\b.*$/gm) ?? [];
      assert.deepEqual(imports, [], "no static import left in the built worker");
      assert.ok(!/\bimport\s*\(/.test(worker), "no dynamic import() in the built worker");
      for (const part of ["./pkg/countersign.js", "./pkg-mail/countersign.js", "./engine.js", "./judge.js", "./background.js"]) {
        assert.ok(worker.includes(`// ---- ${part} ----`), `${part} is a part of the built worker`);
      }
      // Each wasm-bindgen loader's own folder, so its wasm URL resolves
      // where it did before the join.
      assert.ok(worker.includes('new URL("./pkg/countersign.js", import.meta.url)'), "pkg/ loader keeps its folder");
      assert.ok(worker.includes('new URL("./pkg-mail/countersign.js", import.meta.url)'), "pkg-mail/ loader keeps its folder");
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("the built first content script", { skip: missing && !missing[1].startsWith("no Chromium") ? missing[1] : false }, () => {
  test("asks V8 to compile its functions with the file: the hint comes before any code", () => {
    const out = mkdtempSync(path.join(tmpdir(), "countersign-ext-content-"));
    try {
      execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), out], { stdio: "pipe" });
      const lines = readFileSync(path.join(out, "content.js"), "utf8").split("\n");
      const hint = lines.indexOf("//# allFunctionsCalledOnLoad");
      const code = lines.findIndex((line) => line.trim() !== "" && !line.trimStart().startsWith("//"));
      assert.ok(hint >= 0, "content.js has the compile hint");
      assert.ok(hint < code, `the hint (line ${hint + 1}) comes before the first code (line ${code + 1})`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("browser extension in Chromium", { skip }, () => {
  let context;
  let server;
  let extensionId;
  let probe; // an extension page: reads storage and badges like the popup can
  let www;
  let userDataDir;
  let extension;
  const signed = {};

  before(async () => {
    // A private copy of the extension: a rebuild of dist/ during the run
    // must not change the files under the running browser.
    extension = mkdtempSync(path.join(tmpdir(), "countersign-ext-build-"));
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });

    // Notices signed now, with the demo staff key, exactly as staff would.
    const pkg = await loadSigner();
    const now = nowSeconds();
    const opened = pkg.Countersign.openDemo(now);
    assert.ok(opened.ok, `demo directory opens: ${opened.message}`);
    const cs = opened.countersign;
    const body =
      "Hello Alex,\n\nAs agreed on the phone, Dana from our Support Tier 2 team will call you back " +
      "today about ticket NW-48213.\n\nKind regards,\nNorthwind Security support";
    const call = cs.signNotice(
      demoStaffSecret(),
      {
        channel: "scheduled-call",
        agent: "Dana Whitfield",
        contact: "+1 202 555 0143",
        ticket: "NW-48213",
        windowStart: now - 60,
        windowEnd: now + 2 * 3600,
        body,
      },
      now,
    );
    assert.ok(call.ok, `signs the call notice: ${call.message}`);
    signed.call = call;

    // The scammer's edit: same notice, their own number.
    const [, payload, signature] = call.token.split(".");
    const claims = Buffer.from(payload, "base64url").toString("utf8");
    assert.ok(claims.includes("+12025550143"));
    const forgedClaims = claims.replace("+12025550143", "+18885550199");
    const forgedToken = `CS1.${Buffer.from(forgedClaims).toString("base64url")}.${signature}`;
    const forgedArmor = [
      "-----BEGIN COUNTERSIGN NOTICE-----",
      ...forgedToken.match(/.{1,64}/g),
      "-----END COUNTERSIGN NOTICE-----",
    ].join("\n");

    const email = cs.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" },
      now,
    );
    assert.ok(email.ok, `signs the email notice: ${email.message}`);
    signed.email = email;

    const forAlex = cs.signNotice(
      demoStaffSecret(),
      {
        channel: "email",
        agent: "Dana Whitfield",
        contact: "support@northwind.example",
        ticket: "NW-48213",
        recipient: "alex@example.com",
      },
      now,
    );
    assert.ok(forAlex.ok, `signs the recipient-bound notice: ${forAlex.message}`);

    // The site root: the fixtures plus the messages the webmail page loads.
    www = mkdtempSync(path.join(tmpdir(), "countersign-ext-www-"));
    cpSync(FIXTURES, www, { recursive: true });
    mkdirSync(path.join(www, "messages"));
    const message = (name, content) =>
      writeFileSync(path.join(www, "messages", `${name}.json`), JSON.stringify(content));
    const from = "Northwind Security <support@northwind.example>";
    message("valid-call", { from, subject: "Your scheduled call (NW-48213)", body, notice: call.armor });
    message("forged-call", { from, subject: "Your scheduled call (NW-48213)", body, notice: forgedArmor });
    message("link", {
      from,
      subject: "About your ticket NW-48213",
      body: `Hello Alex,\n\nTo check this message came from us, open ${email.link}\n\nNorthwind Security support`,
    });

    message("for-alex", {
      from,
      subject: "About your ticket NW-48213",
      body: "Hello Alex,\n\nYour replacement licence is on its way.\n\nNorthwind Security support",
      notice: forAlex.armor,
    });

    const { startServer } = await import(pathToFileURL(path.join(ROOT, "scripts/serve.mjs")).href);
    server = await startServer({ root: www, port: 0, host: "127.0.0.1" });

    const { chromium } = await import("playwright-core");
    userDataDir = mkdtempSync(path.join(tmpdir(), "countersign-ext-profile-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless=new",
        ...CHROMIUM_ARGS,
        "--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable",
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
        // Every host name is this machine: the pages keep their real-looking names.
        "--host-resolver-rules=MAP * 127.0.0.1",
        "--ignore-certificate-errors",
      ],
    });
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 15_000 });
    extensionId = new URL(worker.url()).host;
    probe = await context.newPage();
    await probe.goto(`chrome-extension://${extensionId}/options.html`);
  });

  after(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [www, userDataDir, extension]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  const site = (host, file = "") => `http://${host}:${server.port}/${file}`;

  /** The stored verdict record for the tab showing `url`, once `ready(record)`. */
  async function verdictFor(url, ready = () => true, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    let last = [];
    while (Date.now() < deadline) {
      last = await probe.evaluate(async () => Object.values(await chrome.storage.session.get(null)));
      const record = last.find((r) => r.url === url && ready(r));
      if (record) return record;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.fail(`no verdict for ${url} in time; stored: ${JSON.stringify(last).slice(0, 2000)}`);
  }

  function badge(tabId) {
    return probe.evaluate(
      async (id) => ({
        text: await chrome.action.getBadgeText({ tabId: id }),
        title: await chrome.action.getTitle({ tabId: id }),
      }),
      tabId,
    );
  }

  /**
   * The badge text once it is `expected`, or what it is after a few
   * seconds: the browser clears a tab's badge when the tab navigates (to
   * the warning page), and the warning page sets it again when it loads.
   */
  async function settledBadge(tabId, expected) {
    let { text } = await badge(tabId);
    for (let i = 0; i < 50 && text !== expected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ text } = await badge(tabId));
    }
    return text;
  }

  /**
   * Opens the popup for a tab, as a page, and reads what it shows. With
   * SCREENSHOT_DIR set, also saves a screenshot named `name`.
   */
  async function popup(tabId, name) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 380, height: 600 });
    await page.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
    await page.waitForSelector('#verdict:not([data-verdict="loading"])');
    if (process.env.SCREENSHOT_DIR && name) {
      mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `popup-${name}.png`), fullPage: true });
    }
    const shown = await page.evaluate(() => ({
      verdict: document.getElementById("verdict").dataset.verdict,
      title: document.getElementById("verdict-title").textContent,
      summary: document.getElementById("verdict-summary").textContent,
      notices: [...document.querySelectorAll("#notices .notice")].map((n) => n.innerText),
      phrases: [...document.querySelectorAll("#notices .phrase")].map((n) => n.textContent),
      reasons: [...document.querySelectorAll("#verdict-reasons li")].map((n) => n.textContent),
      codes: [...document.querySelectorAll("#verdict-codes li, #notices .reason-code")].map((n) => n.textContent),
      security: document.getElementById("security-phrase").textContent,
    }));
    return { page, shown };
  }

  /** What a page's own scripts can see of the extension. */
  function pageView(page) {
    return page.evaluate(() => ({
      mutations: window.__mutations,
      storage: typeof globalThis.chrome?.storage,
      sendMessage: typeof globalThis.chrome?.runtime?.sendMessage,
    }));
  }

  test("official site: official, with the official badge", async () => {
    const page = await context.newPage();
    const url = site("northwind.example", "northwind-support.html");
    await page.goto(url);
    const record = await verdictFor(url);
    assert.equal(record.verdict, "official");
    assert.equal((await badge(record.tabId)).text, "\u2713");
    const { page: popupPage, shown } = await popup(record.tabId, "official");
    assert.equal(shown.verdict, "official");
    assert.equal(shown.title, `Official ${VENDOR} website`);
    assert.notEqual(shown.security, "", "the popup shows the security phrase");
    assert.deepEqual(await pageView(page), { mutations: 0, storage: "undefined", sendMessage: "undefined" });
    await popupPage.close();
    await page.close();
  });

  test("unrelated site: nothing to report, no badge", async () => {
    const page = await context.newPage();
    const url = site("recipes.example", "recipes.html");
    await page.goto(url);
    const record = await verdictFor(url);
    assert.equal(record.verdict, "clean");
    assert.deepEqual(record.notices, []);
    assert.equal((await badge(record.tabId)).text, "");
    const { page: popupPage, shown } = await popup(record.tabId, "clean");
    assert.equal(shown.title, "Nothing to report");
    assert.deepEqual(await pageView(page), { mutations: 0, storage: "undefined", sendMessage: "undefined" });
    await popupPage.close();
    await page.close();
  });

  test("webmail with a signed call notice: verified, agent and phrase in the popup", async () => {
    const page = await context.newPage();
    const url = site("mail.example", "webmail.html?m=valid-call");
    await page.goto(url);
    // The message arrives after load: only the MutationObserver sees it.
    const record = await verdictFor(url, (r) => r.notices.length > 0);
    assert.equal(record.verdict, "verified", JSON.stringify(record));
    assert.equal(record.notices.length, 1);
    const [notice] = record.notices;
    assert.equal(notice.ok, true);
    assert.equal(notice.encoding, "armor");
    assert.equal(notice.notice.agent, "Dana Whitfield");
    assert.equal(notice.notice.phrase, signed.call.phrase);
    // The text before the block, found by the content script, is what was signed.
    assert.equal(notice.notice.body, "matched");

    const shownBadge = await badge(record.tabId);
    assert.equal(shownBadge.text, "\u2713");
    assert.match(shownBadge.title, /Verified Northwind Security notice/);

    const { page: popupPage, shown } = await popup(record.tabId, "verified");
    assert.equal(shown.verdict, "verified");
    assert.equal(shown.title, `Verified ${VENDOR} notice`);
    assert.equal(shown.notices.length, 1);
    assert.match(shown.notices[0], /Dana Whitfield/);
    assert.match(shown.notices[0], /\+1 202 555 0143 \(official: US support\)/);
    assert.match(shown.notices[0], /NW-48213/);
    assert.match(shown.notices[0], /exactly what was signed/);
    assert.deepEqual(shown.phrases, [signed.call.phrase]);

    // The page is exactly what it built itself, and cannot reach the extension.
    const snapshot = await page.evaluate(() => window.__snapshot === document.body.innerHTML);
    assert.equal(snapshot, true, "the extension did not touch the page");
    const view = await pageView(page);
    assert.equal(view.storage, "undefined");
    assert.equal(view.sendMessage, "undefined");
    await popupPage.close();
    await page.close();
  });

  test("webmail with a forged notice: invalid, with the reason", async () => {
    const page = await context.newPage();
    const url = site("mail.example", "webmail.html?m=forged-call");
    await page.goto(url);
    const record = await verdictFor(url, (r) => r.notices.length > 0);
    assert.equal(record.verdict, "invalid-notice");
    assert.equal(record.notices[0].ok, false);
    assert.equal(record.notices[0].code, "bad-signature");
    assert.equal(await settledBadge(record.tabId, "\u2717"), "\u2717");

    const { page: popupPage, shown } = await popup(record.tabId, "invalid");
    assert.equal(shown.verdict, "invalid-notice");
    assert.equal(shown.title, `Warning: this ${VENDOR} notice is not valid`);
    assert.match(shown.notices[0], /This notice is not valid/);
    assert.match(shown.notices[0], /altered or forged/);
    // The code is only under "Details", not in the card's visible text.
    assert.doesNotMatch(shown.notices[0], /bad-signature/);
    assert.ok(shown.codes.includes("bad-signature"), JSON.stringify(shown.codes));
    assert.deepEqual(shown.phrases, [], "no phrase is shown for a forged notice");
    // A forged notice announcing a call is decisive: the engine asks for the
    // full-tab warning, which says what is wrong with the notice.
    if (record.confidence === "high") {
      await page.waitForURL(`chrome-extension://${extensionId}/warning.html`, { timeout: 30_000 });
      await page.waitForSelector('body[data-ready="true"]');
      assert.match(await page.innerText("#headline"), /notice/i);
      assert.match(await page.innerText("#facts"), /altered or forged/);
    }
    await popupPage.close();
    await page.close();
  });

  test("verify link in a message: verified", async () => {
    const page = await context.newPage();
    const url = site("mail.example", "webmail.html?m=link");
    await page.goto(url);
    const record = await verdictFor(url, (r) => r.notices.length > 0);
    assert.equal(record.verdict, "verified");
    assert.equal(record.notices[0].encoding, "link");
    assert.equal(record.notices[0].notice.contact, "support@northwind.example");
    await page.close();
  });

  test("recipient binding: checked against the addresses in the settings", async () => {
    const setRecipients = (recipients) =>
      probe.evaluate(async (list) => {
        const { settings } = await chrome.storage.local.get("settings");
        await chrome.storage.local.set({ settings: { ...settings, recipients: list } });
      }, recipients);
    const open = async () => {
      const page = await context.newPage();
      const url = site("mail.example", `webmail.html?m=for-alex&t=${Date.now()}`);
      await page.goto(url);
      const record = await verdictFor(url, (r) => r.notices.length > 0);
      return { page, record };
    };
    try {
      // Without addresses the binding cannot be checked: verified, and said so.
      let { page, record } = await open();
      assert.equal(record.verdict, "verified");
      assert.equal(record.notices[0].notice.recipient, "not-checked");
      await page.close();

      await setRecipients(["sam@example.com"]);
      ({ page, record } = await open());
      assert.equal(record.verdict, "invalid-notice");
      assert.equal(record.notices[0].code, "not-for-recipient");
      await page.close();

      await setRecipients(["sam@example.com", "Alex@Example.com"]);
      ({ page, record } = await open());
      assert.equal(record.verdict, "verified");
      assert.equal(record.notices[0].notice.recipient, "matched");
      const { page: popupPage, shown } = await popup(record.tabId);
      assert.match(shown.notices[0], /Addressed to you/);
      await popupPage.close();
      await page.close();
    } finally {
      await setRecipients([]);
    }
  });

  test("look-alike support page: the full-tab warning replaces it", async () => {
    const page = await context.newPage();
    const url = site("northwind-support.com", "scam-support.html");
    await page.goto(url);
    const record = await verdictFor(url);
    assert.equal(record.verdict, "impersonation", JSON.stringify(record));
    assert.equal(record.confidence, "high");
    assert.ok(record.page.reasons.length > 0, "the verdict comes with reasons");
    await page.waitForURL(`chrome-extension://${extensionId}/warning.html`, { timeout: 30_000 });
    await page.waitForSelector('body[data-ready="true"]');
    assert.equal(await settledBadge(record.tabId, "!"), "!");
    const { page: popupPage, shown } = await popup(record.tabId, record.verdict);
    assert.equal(shown.verdict, record.verdict);
    assert.ok(shown.reasons.length > 0);
    await popupPage.close();
    await page.close();
  });

  test("popup checks a pasted notice", async () => {
    const { page, shown } = await popup(999_999);
    assert.equal(shown.title, "Not checked yet");
    await page.click("#check summary");
    await page.fill("#check-text", `Your code: ${signed.email.token}`);
    await page.click("#check-go");
    await page.waitForSelector("#check-result .notice");
    const text = await page.innerText("#check-result");
    assert.match(text, /Verified email from Northwind Security/);
    assert.match(text, /support@northwind\.example \(official: Support\)/);

    await page.fill("#check-text", signed.email.token.slice(0, -6) + "AAAAAA");
    await page.click("#check-go");
    await page.waitForSelector("#check-result .notice.invalid");
    assert.match(await page.innerText("#check-result"), /not valid/);
    await page.close();
  });

  test("messages are refused outside their trust tier", async () => {
    const replies = await probe.evaluate(async () => [
      // A content-tier message from an extension page (no tab, wrong tier).
      await chrome.runtime.sendMessage({ type: "page-scan", scan: { blocks: [{ role: "text", text: "CS1.x.y" }] } }),
      // A tag only warning.html may send, from another extension page.
      await chrome.runtime.sendMessage({ type: "warning-action", action: "continue" }),
      await chrome.runtime.sendMessage({ type: "tip-action", action: "not-scam" }),
      await chrome.runtime.sendMessage({ type: "no-such-message" }),
      await chrome.runtime.sendMessage("not an object"),
    ]);
    for (const reply of replies) {
      assert.equal(reply.ok, false);
      assert.equal(reply.code, "refused");
    }
  });

  test("options page lists the official contacts from the signed directory", async () => {
    await probe.waitForSelector("#directory-body:not([hidden])");
    const text = await probe.innerText("#directory");
    assert.match(text, /Northwind Security/);
    assert.match(text, /northwind\.example/);
    // One number format everywhere: as people read it.
    assert.match(text, /\+1 202 555 0143/);
    if (process.env.SCREENSHOT_DIR) {
      await probe.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, "options.png"), fullPage: true });
    }
    // The phrase is drawn when the extension is installed, which may finish
    // after this page first loaded.
    await probe.waitForFunction(async () => (await chrome.storage.local.get("settings")).settings?.securityPhrase);
    await probe.reload();
    await probe.waitForSelector("#directory-body:not([hidden])");
    const phrase = await probe.inputValue("#phrase");
    assert.match(phrase, /^[a-z]+ [a-z]+$/, "a security phrase was drawn at install");
  });
});
