// The public verify page and the staff console, in headless Chromium against
// the built site (dist/www, served as scripts/demo.sh serves it).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import {
  browserUnavailable,
  collectErrors,
  launchChromium,
  startSite,
} from "./helpers/browser.mjs";
import { demoStaffSecret, loadSigner, nowSeconds } from "./helpers/wasm.mjs";

const skip = browserUnavailable();

describe("verify page and signing console", { skip: skip ?? false }, () => {
  let site;
  let browser;
  let countersign;

  before(async () => {
    site = await startSite();
    browser = await launchChromium();
    const pkg = await loadSigner();
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

  test("the verdict is readable from the first frame it is drawn in", async () => {
    // The card may settle into place, but never fades in: a half-transparent
    // verdict is not yet on screen. Its opacity is read the moment it is
    // inserted, before any frame, when an animation would be at its start.
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const card = document.querySelector("#result > .card");
        if (!card) return;
        globalThis.__insertedOpacity = getComputedStyle(card).opacity;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${site.url}verify.html#${signScheduledCall().token}`);
    await page.locator("#result .card").waitFor({ timeout: 15000 });
    assert.equal(await page.evaluate(() => globalThis.__insertedOpacity), "1");
    await page.close();
  });

  test("the verifier is requested once, by the page's preload, not after its scripts", async () => {
    const { page, card, errors } = await openVerify(signScheduledCall().token);
    assert.equal(await card.getAttribute("data-result"), "genuine");
    const wasm = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((entry) => entry.name.endsWith(".wasm"))
        .map((entry) => entry.initiatorType),
    );
    // "link": the <link rel="preload"> in the HTML fetched it and the loader
    // took that response; a second entry would mean it was downloaded twice.
    assert.deepEqual(wasm, ["link"]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the verifier compiles while it downloads (streaming), from the page's first script, once", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    const warnings = [];
    page.on("console", (message) => {
      if (message.type() === "warning") warnings.push(message.text());
    });
    // Sent gzipped, as deployments send it (docs/deploying.md): the browser
    // still compiles it while it downloads.
    const wasmEncodings = [];
    page.on("response", (response) => {
      if (response.url().endsWith(".wasm")) wasmEncodings.push(response.headers()["content-encoding"]);
    });
    await page.addInitScript(() => {
      // Every way the page could compile the verifier, and what it was given.
      globalThis.__compiles = [];
      globalThis.__streamed = "not called";
      globalThis.__formattersBeforeCompile = null;
      const { compileStreaming, instantiateStreaming, instantiate } = WebAssembly;
      const DateTimeFormat = Intl.DateTimeFormat;
      let formatters = 0;
      Intl.DateTimeFormat = function (...args) {
        formatters += 1;
        return new DateTimeFormat(...args);
      };
      WebAssembly.compileStreaming = function (...args) {
        globalThis.__compiles.push("compileStreaming");
        globalThis.__formattersBeforeCompile = formatters;
        const result = compileStreaming.apply(this, args);
        result.then(
          () => (globalThis.__streamed = "compiled"),
          (error) => (globalThis.__streamed = `refused: ${error.message}`),
        );
        return result;
      };
      WebAssembly.instantiateStreaming = function (...args) {
        globalThis.__compiles.push("instantiateStreaming");
        return instantiateStreaming.apply(this, args);
      };
      WebAssembly.instantiate = function (what, ...rest) {
        globalThis.__compiles.push(what instanceof WebAssembly.Module ? "instantiate a compiled module" : "instantiate bytes");
        return instantiate.call(this, what, ...rest);
      };
    });
    await page.goto(`${site.url}verify.html#${signScheduledCall().token}`);
    const card = page.locator("#result .card");
    await card.waitFor({ timeout: 15000 });
    assert.equal(await card.getAttribute("data-result"), "genuine");
    // Compiled while it downloaded, then only instantiated: not compiled a
    // second time, and not the loader's fallback from bytes.
    assert.equal(await page.evaluate(() => globalThis.__streamed), "compiled");
    assert.deepEqual(await page.evaluate(() => globalThis.__compiles), [
      "compileStreaming",
      "instantiate a compiled module",
    ]);
    // Asked for before the page's other modules ran (common.js makes its
    // date formatters as it loads).
    assert.equal(await page.evaluate(() => globalThis.__formattersBeforeCompile), 0);
    assert.deepEqual(wasmEncodings, ["gzip"]);
    assert.deepEqual(warnings.filter((text) => /wasm|WebAssembly/i.test(text)), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the page's scripts come as one file, beside config.js", async () => {
    // scripts/build.sh joins verify.js and the modules it imports: over
    // HTTP/1.1 each more request can wait for a free connection.
    const { page, card, errors } = await openVerify(signScheduledCall().token);
    assert.equal(await card.getAttribute("data-result"), "genuine");
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .map((entry) => new URL(entry.name).pathname)
        .filter((name) => name.endsWith(".js"))
        .sort(),
    );
    assert.deepEqual(scripts, ["/config.js", "/frame-guard.js", "/verify.js"]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("sent with the wrong type, the wasm is still found by the loader's own fetch, in pkg/", async () => {
    // A server that does not know .wasm makes the streaming compile fail;
    // the page then falls back to the wasm-bindgen loader's own request,
    // whose address the joined file must still resolve from pkg/ (the
    // reason scripts/bundle.mjs rewrites import.meta.url; docs/benchmarks.md).
    const wasmFile = fileURLToPath(new URL("../../dist/www/pkg/countersign_bg.wasm", import.meta.url));
    const page = await browser.context.newPage();
    const asked = [];
    page.on("request", (request) => {
      if (request.url().endsWith(".wasm")) asked.push(new URL(request.url()).pathname);
    });
    await page.route("**/pkg/countersign_bg.wasm", (route) =>
      route.fulfill({ status: 200, contentType: "application/octet-stream", body: readFileSync(wasmFile) }),
    );
    await page.goto(`${site.url}verify.html#${signScheduledCall().token}`);
    const card = page.locator("#result .card");
    await card.waitFor({ timeout: 15000 });
    assert.equal(await card.getAttribute("data-result"), "genuine");
    assert.deepEqual(asked, ["/pkg/countersign_bg.wasm", "/pkg/countersign_bg.wasm"]);
    await page.close();
  });

  test("the verdict is shown before the official contacts are drawn, and they follow", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.addInitScript(() => {
      globalThis.__officialAtVerdict = null;
      new MutationObserver((_, observer) => {
        if (!document.querySelector("#result > .card")) return;
        globalThis.__officialAtVerdict = document.getElementById("official").textContent;
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${site.url}verify.html#${signScheduledCall().token}`);
    const card = page.locator("#result .card");
    await card.waitFor({ timeout: 15000 });
    assert.equal(await card.getAttribute("data-result"), "genuine");
    assert.equal(await page.evaluate(() => globalThis.__officialAtVerdict), "Loading…");
    await page.locator("#official .contacts li", { hasText: "US support" }).waitFor({ timeout: 15000 });
    assert.match(await page.locator("#official").innerText(), /Directory version \d+, signed by root key/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("while the verifier has not arrived, the page says so and shows no verdict", async () => {
    const page = await browser.context.newPage();
    await page.route("**/*.wasm", () => {}); // held: never answered
    await page.goto(`${site.url}verify.html#${signScheduledCall().token}`);
    await page.locator("h1").waitFor({ state: "visible", timeout: 15000 });
    assert.equal(await page.locator("#status").innerText(), "Loading the verifier…");
    assert.equal(await page.locator("#result .card").count(), 0);
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

  // Issue 9: what the verify page shows is never the attacker's text, every
  // notice is checked with its message, and the page protects itself when
  // framed.

  /** A token naming a key the directory does not list, its kid chosen by an attacker. */
  function unknownKeyToken(kid) {
    const now = nowSeconds();
    const claims = {
      v: 1, vnd: "northwind", kid, ch: "email", agt: "Dana Whitfield",
      cp: "support@northwind.example", iat: now - 60, nbf: now - 60, exp: now + 3600, nid: "AAAAAAAAAAAAAAAA",
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
    return `CS1.${payload}.${Buffer.alloc(64).toString("base64url")}`;
  }

  function signEmail(extra = {}) {
    const signed = countersign.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213", ...extra },
      nowSeconds(),
    );
    assert.ok(signed.ok, signed.message);
    return signed;
  }

  async function pasteAndVerify(text) {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${site.url}verify.html`);
    await page.locator("#verify-button:not([disabled])").waitFor();
    await page.fill("#notice", text);
    await page.click("#verify-button");
    const card = page.locator("#result > .card");
    await card.waitFor({ timeout: 15000 });
    return { page, card, errors };
  }

  test("an unknown key's id is never shown on the page", async () => {
    const lie = "This notice IS genuine: call +1 888 555 0100";
    const { page, card, errors } = await openVerify(unknownKeyToken(lie));
    assert.equal(await card.getAttribute("data-code"), "unknown-key");
    const text = await page.locator("body").innerText();
    assert.doesNotMatch(text, /IS genuine|888 555 0100/);
    assert.match(await card.innerText(), /a key Northwind Security does not list/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a verify link with text around its notice is refused and its text not shown", async () => {
    const signed = signEmail();
    const lie = encodeURIComponent("This notice IS genuine: call +1 888 555 0100 ");
    const { page, card, errors } = await openVerify(`${lie}${signed.token}`);
    assert.equal(await card.getAttribute("data-code"), "link-altered");
    assert.equal(await page.inputValue("#notice"), "");
    assert.doesNotMatch(await page.locator("body").innerText(), /IS genuine|888 555 0100/);
    assert.equal(await page.locator('[data-result="genuine"]').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("every notice is checked: a genuine block followed by a forged one fails", async () => {
    const signed = signEmail();
    const forged = unknownKeyToken("0000000000000000");
    const { page, card, errors } = await pasteAndVerify(`Hello Ada,\n\n${signed.armor}\n${forged}\n`);
    assert.equal(await card.getAttribute("data-state"), "invalid");
    assert.equal(await card.getAttribute("data-count"), "2");
    const states = await card.locator(".notice-list > li").evaluateAll((items) => items.map((i) => i.dataset.state));
    assert.deepEqual(states, ["verified", "invalid"]);
    assert.match(await card.locator("h2").innerText(), /1 of the 2 notices in this message is not valid/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a genuine notice copied into a message with another number is a warning", async () => {
    const signed = signEmail();
    const { page, card, errors } = await pasteAndVerify(
      `Your refund is ready. Call our desk on +1 844 555 0177 today.\n\n${signed.armor}`,
    );
    assert.equal(await card.getAttribute("data-result"), "copied");
    assert.match(await card.getByTestId("mismatches").innerText(), /\+1 844 555 0177/);
    assert.equal(await page.locator('[data-result="genuine"]').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("text after a body-signed notice makes it partly signed, and is shown as text", async () => {
    const body = "Hello Ada,\n\nyour renewal for ticket NW-48213 is confirmed.\n";
    const signed = signEmail({ body });
    const { page, card, errors } = await pasteAndVerify(
      `${body}\n${signed.armor}\nP.S. pay with gift cards <b>today</b>`,
    );
    assert.equal(await card.getAttribute("data-result"), "partly-signed");
    assert.match(await card.innerText(), /P\.S\. pay with gift cards <b>today<\/b>/);
    assert.equal(await card.locator("b").count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a genuine token on a look-alike verify host is not verified", async () => {
    const signed = signEmail();
    const { page, card, errors } = await pasteAndVerify(`https://northwind-verify.com/verify#${signed.token}`);
    assert.equal(await card.getAttribute("data-result"), "copied");
    assert.match(await card.innerText(), /northwind-verify\.com/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a pasted raw email is judged by its body and its sender", async () => {
    const signed = signEmail();
    const mail = (from) =>
      `From: Northwind Security <${from}>\nTo: ada@example.org\nSubject: Your ticket\n\nHello Ada,\n\n${signed.armor}`;
    const genuine = await pasteAndVerify(mail("support@northwind.example"));
    assert.equal(await genuine.card.getAttribute("data-result"), "genuine");
    await genuine.page.close();
    const other = await pasteAndVerify(mail("refunds@northwind-help.com"));
    assert.equal(await other.card.getAttribute("data-result"), "copied");
    assert.match(await other.card.innerText(), /refunds@northwind-help\.com/);
    assert.deepEqual(other.errors, []);
    await other.page.close();
  });

  test("framed by another site without the server's header, the page stays hidden", async () => {
    const page = await browser.context.newPage();
    // As if the page were copied to a host that sends no frame-ancestors.
    await page.route("**/verify.html*", async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      await route.fulfill({ response, headers });
    });
    await page.setContent(`<iframe src="${site.url}verify.html" width="800" height="600"></iframe>`);
    const frame = await (await page.waitForSelector("iframe")).contentFrame();
    await frame.waitForLoadState("load");
    await frame.waitForFunction(() => document.documentElement.dataset.framed === "true", null, { timeout: 15000 });
    if (page.url() === "about:blank") {
      assert.equal(await frame.evaluate(() => document.documentElement.hidden), true);
      assert.equal(await frame.locator("h1").isVisible(), false);
    }
    // Framed on a verify link: the notice is checked, and the page still
    // stays hidden, its verdict with it.
    const linked = await browser.context.newPage();
    await linked.route("**/verify.html*", async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers["content-security-policy"];
      await route.fulfill({ response, headers });
    });
    await linked.setContent(
      `<iframe src="${site.url}verify.html#${signScheduledCall().token}" width="800" height="600"></iframe>`,
    );
    const linkedFrame = await (await linked.waitForSelector("iframe")).contentFrame();
    await linkedFrame.locator("#result .card").waitFor({ state: "attached", timeout: 15000 });
    if (linked.url() === "about:blank") {
      assert.equal(await linkedFrame.evaluate(() => document.documentElement.dataset.framed), "true");
      assert.equal(await linkedFrame.evaluate(() => document.documentElement.hidden), true);
      assert.equal(await linkedFrame.locator("#result .card").isVisible(), false);
    }
    await linked.close();
    await page.close();
    // Not framed, the same page shows.
    const top = await browser.context.newPage();
    await top.goto(`${site.url}verify.html`);
    assert.equal(await top.locator("h1").isVisible(), true);
    await top.close();
  });
});
