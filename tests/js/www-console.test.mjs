// The signing console and the verify page together, in headless Chromium,
// as a support agent and a customer use them: sign with the demo staff key,
// send the footer, open the verify link; then every way the notice must be
// refused (each changed character, another recipient, a call window that
// has passed), every notice the console must refuse to sign, and where the
// key must never go (the network, storage) and how long it stays.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { browserUnavailable, collectErrors, launchChromium } from "./helpers/browser.mjs";
import { assertAccessible, saveScreenshot, startDemoServer } from "./helpers/site.mjs";
import { ROOT, loadSigner } from "./helpers/wasm.mjs";
import { VENDOR_HOST } from "../../demo/sites/sites.mjs";

const skip = browserUnavailable();

/** The `CSSK1.` line of a demo key file. */
function secretLine(name) {
  const text = readFileSync(path.join(ROOT, "demo/keys", `${name}.secret`), "utf8");
  const line = text.split("\n").find((l) => l.startsWith("CSSK1."));
  assert.ok(line, `demo/keys/${name}.secret holds a key`);
  return line;
}

describe("signing console and verify page", { skip: skip ?? false }, () => {
  let server;
  let browser;
  /** Every request any page made: url, headers and body. */
  const traffic = [];

  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    browser.context.on("request", (request) => {
      traffic.push([request.url(), JSON.stringify(request.headers()), request.postData() ?? ""].join("\n"));
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const url = (pagePath) => `http://${VENDOR_HOST}:${server.port}${pagePath}`;

  async function openConsole({ clock = false } = {}) {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    if (clock) await page.clock.install();
    await page.goto(url("/console"));
    await page.locator("#contact option").first().waitFor({ state: "attached" });
    await page.locator("#key-status", { hasText: "No key loaded" }).waitFor();
    return { page, errors };
  }

  async function pasteKey(page, name) {
    await page.fill("#key-text", name.startsWith("CSSK1.") ? name : secretLine(name));
    await page.locator("#key-status", { hasText: /^Key [0-9a-f]{16}/ }).waitFor();
  }

  async function signCall(page, { ticket = "NW-48213", recipient = "" } = {}) {
    await page.selectOption("#channel", "scheduled-call");
    await page.selectOption("#contact", "+12025550143");
    await page.fill("#agent", "Dana Whitfield");
    await page.fill("#ticket", ticket);
    await page.fill("#recipient", recipient);
    // A window that is open now: from a minute ago, for an hour.
    const start = await page.evaluate(() => {
      const d = new Date(Date.now() - 60_000);
      const pad = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    });
    await page.fill("#window-start", start);
    await page.selectOption("#window-minutes", "60");
    await page.locator("#sign-button:not([disabled])").waitFor();
    await page.click("#sign-button");
    await page.getByTestId("token").waitFor();
    return {
      token: await page.getByTestId("token").innerText(),
      link: await page.getByTestId("link").innerText(),
      phrase: await page.getByTestId("phrase").innerText(),
    };
  }

  test("sign a call with the demo key: phrase, script, footers, and the verify page accepts it", async () => {
    const { page, errors } = await openConsole();
    await page.click("#demo-key");
    await page.locator("#key-status", { hasText: "Dana Whitfield" }).waitFor();
    const signed = await signCall(page);
    assert.match(signed.link, /^https:\/\/northwind\.example\/verify#CS1\./);
    assert.match(signed.phrase, /^[a-z]+ [a-z]+ [a-z]+$/);
    const script = await page.getByTestId("script").innerText();
    assert.match(script, /this is Dana Whitfield from Northwind Security, calling about ticket NW-48213/);
    assert.ok(script.includes(signed.phrase), "the script says the phrase");
    assert.match(script, /\+1 202 555 0143/);
    // The plain-text footer: the link and the armored block.
    const footer = await page.getByTestId("footer-text").innerText();
    assert.ok(footer.includes(signed.link));
    assert.match(footer, /-----BEGIN COUNTERSIGN NOTICE-----[\s\S]+-----END COUNTERSIGN NOTICE-----/);
    // The HTML footer: markup that links to the notice; its preview is the same markup.
    const html = await page.getByTestId("footer-html").innerText();
    assert.match(html, /^<div class="countersign-footer"><p>/);
    assert.ok(html.includes(`href="${signed.link}"`));
    assert.equal(html, await page.getByTestId("footer-preview").evaluate((el) => el.innerHTML));
    await saveScreenshot(page, "console-signed-call");
    await assertAccessible(page, "the console with a signed notice");
    assert.deepEqual(errors, []);

    await page.getByTestId("local-verify").click();
    const card = page.locator("#result .card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-result"), "genuine");
    assert.equal(await card.getByTestId("phrase").innerText(), signed.phrase);
    assert.match(await card.innerText(), /Dana Whitfield/);
    await saveScreenshot(page, "verify-genuine-call");
    await assertAccessible(page, "the verify page, genuine");
    await page.close();
  });

  test("markup typed as the agent's name is refused before signing, never rendered", async () => {
    const { page } = await openConsole();
    await pasteKey(page, "staff");
    await page.selectOption("#channel", "email");
    await page.fill("#agent", 'Dana <img src=x onerror="alert(1)">');
    // A notice's agent is a plain name (the verifier's own rule), so the
    // console refuses before signing and says why.
    await page.locator("#sign-button[disabled]").waitFor();
    assert.match(await page.locator("#sign-status").innerText(), /agent/i);
    assert.equal(await page.locator("img[src='x']").count(), 0);
    await page.close();
  });

  test("every changed character of the token is refused, with a precise reason", async () => {
    const { page } = await openConsole();
    await pasteKey(page, "staff");
    const signed = await signCall(page);
    await page.goto(url("/verify"));
    await page.locator("#verify-button:not([disabled])").waitFor();
    const { token } = signed;
    // Each position changed to another character of the token alphabet, run
    // in the page through the form, as a customer pasting it would.
    const results = await page.evaluate(async (original) => {
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
      const notice = document.getElementById("notice");
      const form = document.getElementById("verify-form");
      const out = [];
      for (let i = 0; i < original.length; i += 1) {
        const replacement = alphabet[(alphabet.indexOf(original[i]) + 7) % alphabet.length];
        const changed = original.slice(0, i) + replacement + original.slice(i + 1);
        notice.value = changed;
        form.requestSubmit();
        await new Promise((resolve) => setTimeout(resolve, 0));
        // The first refusal shown, and whether anything at all reads as genuine.
        const refused = document.querySelector("#result [data-code]");
        out.push({
          i,
          result: document.querySelector('#result [data-result="genuine"]') ? "genuine" : refused ? "refused" : "none",
          code: refused?.dataset.code,
          reason: document.querySelector("#result .reason")?.textContent ?? "",
        });
      }
      return out;
    }, token);
    assert.equal(results.length, token.length);
    const firstDot = token.indexOf(".");
    const secondDot = token.indexOf(".", firstDot + 1);
    const counts = {};
    for (const { i, result, code, reason } of results) {
      const where = i <= firstDot ? "prefix" : i < secondDot ? "claims" : i === secondDot ? "separator" : "signature";
      assert.equal(result, "refused", `position ${i} (${where}) is refused`);
      assert.ok(reason.length > 20, `position ${i} (${where}) says why: ${reason}`);
      // A changed claim is caught by whichever check it first breaks: the
      // signature, or before it the key, vendor or version the claim names.
      const allowed = {
        prefix: ["malformed-notice", "unsupported-version", "incomplete"],
        claims: ["bad-signature", "malformed-notice", "malformed-claims", "unknown-key", "wrong-vendor", "unsupported-version", "incomplete"],
        // A token that no longer splits where the separator was is read as
        // damaged or cut off ("incomplete"): it proves nothing.
        separator: ["malformed-notice", "incomplete"],
        signature: ["bad-signature", "malformed-notice", "incomplete"],
      }[where];
      assert.ok(allowed.includes(code), `position ${i} (${where}): ${code}: ${reason}`);
      counts[code] = (counts[code] ?? 0) + 1;
    }
    console.log(`changed characters of a ${token.length}-character token, refused as: ${JSON.stringify(counts)}`);
    // The typical case reads as a person would want it.
    const inSignature = results.find((r) => r.i === token.length - 10);
    assert.equal(inSignature.code, "bad-signature");
    assert.match(inSignature.reason, /altered or forged/);
    await page.close();
  });

  test("a notice for another customer is refused as not theirs", async () => {
    const { page } = await openConsole();
    await pasteKey(page, "staff");
    const signed = await signCall(page, { recipient: "ada@example.org" });
    await page.goto(url(`/verify#${signed.token}`));
    await page.locator("#result .card").waitFor();
    await page.fill("#recipient", "eve@example.org");
    await page.click("#verify-button");
    const card = page.locator("#result .card");
    assert.equal(await card.getAttribute("data-code"), "not-for-recipient");
    await saveScreenshot(page, "verify-not-for-recipient");
    await page.fill("#recipient", "ada@example.org");
    await page.click("#verify-button");
    assert.equal(await page.locator("#result .card").getAttribute("data-result"), "genuine");
    await page.close();
  });

  test("a call notice checked after its window is refused as expired", async () => {
    const { page } = await openConsole();
    await pasteKey(page, "staff");
    const signed = await signCall(page);
    const later = await browser.context.newPage();
    // The customer's clock, two hours on: the one-hour window has closed.
    await later.clock.install({ time: Date.now() + 2 * 3600 * 1000 });
    await later.goto(url(`/verify#${signed.token}`));
    const card = later.locator("#result .card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-result"), "refused");
    assert.equal(await card.getAttribute("data-code"), "expired");
    await saveScreenshot(later, "verify-expired");
    await assertAccessible(later, "the verify page, refused");
    await later.close();
    await page.close();
  });

  test("the console refuses, before signing, what the directory would reject", async () => {
    const { page } = await openConsole();
    const refusedWith = async (pattern) => {
      const status = page.locator("#sign-status");
      await status.filter({ hasText: /^Cannot sign this notice:/ }).waitFor();
      assert.match(await status.innerText(), pattern);
      assert.equal(await page.locator("#sign-button").isDisabled(), true);
    };
    // The billing team's key signs emails only, for at most 3 days.
    await pasteKey(page, "billing");
    await page.fill("#agent", "Billing team");
    await page.selectOption("#channel", "callback");
    await refusedWith(/may not sign callback|not allowed|only/i);
    await page.selectOption("#channel", "email");
    await page.selectOption("#valid-for", "604800");
    await refusedWith(/longer|lifetime|3 days/i);
    await page.selectOption("#valid-for", "86400");
    await page.locator("#sign-button:not([disabled])").waitFor();
    // A revoked key.
    await pasteKey(page, "former");
    await refusedWith(/revoked/i);
    // A key the directory does not list.
    const stranger = (await loadSigner()).generateKey();
    assert.ok(stranger.ok);
    await pasteKey(page, stranger.secret);
    assert.match(await page.locator("#key-status").innerText(), /not in Northwind Security's directory/);
    await refusedWith(/not in|directory/i);
    // A call window that has already ended, with a valid key.
    await pasteKey(page, "staff");
    await page.fill("#agent", "Dana Whitfield");
    await page.selectOption("#channel", "scheduled-call");
    await page.fill("#window-start", "2026-01-01T10:00");
    await refusedWith(/call window has already ended/);
    await saveScreenshot(page, "console-refusal");
    await page.close();
  });

  test("the key never leaves the tab: not in requests, storage or the page's fields", async () => {
    traffic.length = 0;
    const secret = secretLine("staff");
    const { page } = await openConsole();
    await pasteKey(page, "staff");
    assert.equal(await page.inputValue("#key-text"), "", "the pasted key is cleared from the field");
    const signed = await signCall(page);
    await page.getByTestId("local-verify").click();
    await page.locator("#result .card").waitFor();
    const stored = await page.evaluate(async () => {
      const all = [JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage }), document.cookie];
      for (const info of (await indexedDB.databases?.()) ?? []) all.push(info.name ?? "");
      all.push(JSON.stringify(await Promise.all((await caches.keys()).map((k) => k))));
      return all.join("\n");
    });
    const secretPart = secret.slice("CSSK1.".length);
    assert.ok(!stored.includes(secretPart), "the key is not in storage");
    assert.ok(traffic.length > 0);
    for (const request of traffic) {
      assert.ok(!request.includes(secretPart), `the key is not sent: ${request.slice(0, 200)}`);
      assert.ok(!request.includes(signed.token.split(".")[2]), "nor the notice (the fragment stays in the browser)");
    }
    await page.close();
  });

  test("locking, and five idle minutes, forget the key", async () => {
    const { page } = await openConsole({ clock: true });
    await pasteKey(page, "staff");
    await page.fill("#agent", "Dana Whitfield");
    await page.locator("#sign-button:not([disabled])").waitFor();
    await page.click("#forget-key");
    assert.match(await page.locator("#key-status").innerText(), /Locked/);
    assert.equal(await page.locator("#sign-button").isDisabled(), true);

    await pasteKey(page, "staff");
    await page.locator("#sign-button:not([disabled])").waitFor();
    await page.clock.fastForward("04:00");
    assert.equal(await page.locator("#sign-button").isDisabled(), false, "still unlocked after 4 minutes");
    await page.clock.fastForward("01:05");
    await page.locator("#key-status", { hasText: /Locked after 5 minutes/ }).waitFor();
    assert.equal(await page.locator("#sign-button").isDisabled(), true);
    await page.click("#sign-button", { force: true });
    assert.equal(await page.locator("#output").isHidden(), true);
    await page.close();
  });
});
