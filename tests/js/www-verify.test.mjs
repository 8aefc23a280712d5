// The public verify page and the staff console, in headless Chromium against
// the built site (dist/www, served as scripts/demo.sh serves it).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import {
  browserUnavailable,
  collectErrors,
  launchChromium,
  startSite,
} from "./helpers/browser.mjs";
import { demoStaffSecret, loadPackage, nowSeconds } from "./helpers/wasm.mjs";

const skip = browserUnavailable();

describe("verify page and signing console", { skip: skip ?? false }, () => {
  let site;
  let browser;
  let countersign;

  before(async () => {
    site = await startSite();
    browser = await launchChromium();
    const pkg = await loadPackage();
    const opened = pkg.Countersign.openDemo(nowSeconds());
    assert.ok(opened.ok, opened.message);
    countersign = opened.countersign;
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  function signScheduledCall() {
    const now = nowSeconds();
    const signed = countersign.signNotice(
      demoStaffSecret(),
      {
        channel: "scheduled-call",
        agent: "Dana Whitfield",
        contact: "+1 202 555 0143",
        ticket: "NW-48213",
        windowStart: now - 60,
        windowEnd: now + 3600,
      },
      now,
    );
    assert.ok(signed.ok, signed.message);
    return signed;
  }

  async function openVerify(fragment) {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}verify.html#${fragment}`);
    const card = page.locator("#result .card");
    await card.waitFor({ timeout: 15000 });
    return { page, card, errors };
  }

  test("a genuine notice in the link shows the green card", async () => {
    const signed = signScheduledCall();
    const { page, card, errors } = await openVerify(signed.token);
    assert.equal(await card.getAttribute("data-result"), "genuine");
    const text = await card.innerText();
    assert.match(text, /Genuine notice from Northwind Security/);
    assert.match(text, /Dana Whitfield/);
    assert.match(text, /NW-48213/);
    assert.match(text, /\+1 202 555 0143/);
    assert.match(text, /US support/);
    assert.equal(await card.getByTestId("phrase").innerText(), signed.phrase);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a call notice checked before its window is genuine and upcoming", async () => {
    const now = nowSeconds();
    const signed = countersign.signNotice(
      demoStaffSecret(),
      {
        channel: "scheduled-call",
        agent: "Dana Whitfield",
        contact: "+44 20 7946 0321",
        windowStart: now + 2 * 86400,
        windowEnd: now + 2 * 86400 + 1800,
      },
      now,
    );
    assert.ok(signed.ok, signed.message);
    // Checked ahead of the call: genuine, with the window still to come.
    const upcoming = countersign.verifyNotice(signed.token, { now });
    assert.equal(upcoming.status, "upcoming");
    const { page, card } = await openVerify(signed.token);
    assert.equal(await card.getAttribute("data-result"), "genuine");
    assert.equal(await card.getAttribute("data-status"), "upcoming");
    assert.match(await card.getByTestId("upcoming").innerText(), /The call is scheduled for/);
    assert.equal(await card.getByTestId("phrase").innerText(), signed.phrase);
    await page.close();
  });

  test("a tampered notice shows the red card with the reason", async () => {
    const signed = signScheduledCall();
    // Flip one character of the signature: still well-formed, no longer signed.
    const last = signed.token.at(-2) === "A" ? "B" : "A";
    const tampered = `${signed.token.slice(0, -2)}${last}${signed.token.at(-1)}`;
    const { page, card, errors } = await openVerify(tampered);
    assert.equal(await card.getAttribute("data-result"), "refused");
    assert.equal(await card.getAttribute("data-code"), "bad-signature");
    assert.match(await card.innerText(), /altered or forged/i);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a forwarded notice is refused when the reader gives their address", async () => {
    const now = nowSeconds();
    const signed = countersign.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana", contact: "support@northwind.example", recipient: "ada@example.org" },
      now,
    );
    assert.ok(signed.ok, signed.message);
    const page = await browser.context.newPage();
    await page.goto(`${site.url}verify.html`);
    await page.locator("#verify-button:not([disabled])").waitFor();
    await page.fill("#notice", `Hello,\n\n${signed.armor}`);
    await page.fill("#recipient", "eve@example.org");
    await page.click("#verify-button");
    const card = page.locator("#result .card");
    assert.equal(await card.getAttribute("data-code"), "not-for-recipient");
    await page.fill("#recipient", "Ada@Example.org");
    await page.click("#verify-button");
    assert.equal(await page.locator("#result .card").getAttribute("data-result"), "genuine");
    assert.match(await page.locator("#result .card").innerText(), /your email address matches/);
    await page.close();
  });

  test("the console signs a notice that the verify page accepts", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}console.html`);
    await page.locator("#contact option").first().waitFor({ state: "attached" });
    await page.fill("#key-text", demoStaffSecret().trim().split("\n").at(-1));
    await page.getByText("Dana Whitfield").first().waitFor();
    await page.selectOption("#channel", "callback");
    await page.selectOption("#contact", "+442079460321");
    await page.fill("#agent", "Priya Shah");
    await page.fill("#ticket", "NW-777");
    await page.click("#sign-button");
    const link = await page.getByTestId("link").innerText();
    assert.match(link, /^https:\/\/northwind\.example\/verify#CS1\./);
    const phrase = await page.getByTestId("phrase").innerText();

    await page.getByTestId("local-verify").click();
    const card = page.locator("#result .card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-result"), "genuine");
    const text = await card.innerText();
    assert.match(text, /Priya Shah/);
    assert.match(text, /NW-777/);
    assert.match(text, /UK support/);
    assert.equal(await card.getByTestId("phrase").innerText(), phrase);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the console's demo key button, key generation, and a refusal", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}console.html`);
    await page.locator("#contact option").first().waitFor({ state: "attached" });
    await page.click("#demo-key");
    await page.getByText("Dana Whitfield").first().waitFor();
    // Without an agent name the signer refuses before signing, with the reason.
    await page.fill("#agent", "");
    await page.locator("#sign-status", { hasText: /^Cannot sign this notice: .*agent/i }).waitFor();
    assert.equal(await page.locator("#sign-button").isDisabled(), true);
    // A generated key: its public key is shown, its secret only downloadable.
    await page.click("#generate-key");
    const generated = await page.locator("#generated").innerText();
    assert.match(generated, /CSPK1\./);
    assert.doesNotMatch(generated, /CSSK1\./);
    const download = page.waitForEvent("download");
    await page.getByText("Download secret key file").click();
    assert.match((await download).suggestedFilename(), /^countersign-[0-9a-f]{16}\.secret$/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
