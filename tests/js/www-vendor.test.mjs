// The web pages hosted by a vendor other than the built-in demo: config.js
// names that vendor's published directory and pins its root key, and the
// console, verify page, directory and contact pages all speak for it
// (tests/js/site-cases/other-vendor/, the fictional Fabrikam Software).

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { browserUnavailable, collectErrors, launchChromium } from "./helpers/browser.mjs";
import { ROOT, demoStaffSecret, loadSigner } from "./helpers/wasm.mjs";
import { startServer } from "../../scripts/serve.mjs";

const CASE = path.join(ROOT, "tests/js/site-cases/other-vendor");
const skip = browserUnavailable();

const keyLine = (file, prefix) =>
  readFileSync(path.join(CASE, file), "utf8")
    .split("\n")
    .find((line) => line.startsWith(prefix));

describe("pages hosted by another vendor", { skip: skip ?? false }, () => {
  let dir;
  let server;
  let browser;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "countersign-vendor-site-"));
    cpSync(path.join(ROOT, "dist/www"), dir, { recursive: true });
    // As the vendor publishes it: its directory, its pinned root, and no demo key.
    rmSync(path.join(dir, "demo"), { recursive: true, force: true });
    cpSync(path.join(CASE, "directory.json"), path.join(dir, ".well-known/countersign/directory.json"));
    writeFileSync(
      path.join(dir, "config.js"),
      `export const DIRECTORY = { url: "/.well-known/countersign/directory.json", rootKey: ${JSON.stringify(
        keyLine("root.pub", "CSPK1."),
      )} };\n`,
    );
    server = await startServer({ root: dir, port: 0, host: "127.0.0.1" });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the console signs for that vendor, and its verify page accepts the notice", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}console`);
    await page.locator("#key-status", { hasText: "No key loaded" }).waitFor();
    assert.equal(await page.locator("#vendor-name").innerText(), "Fabrikam Software");
    assert.equal(await page.locator("#demo-key").isVisible(), false, "no demo key button");
    assert.equal(await page.locator("#demo-banner").isVisible(), false, "no demo banner");
    const contacts = await page.locator("#contact option").allInnerTexts();
    assert.deepEqual(contacts, ["help@fabrikam.example · Help desk"]);

    // The demo vendor's key is not this vendor's.
    await page.fill("#key-text", keyLine("../../../../demo/keys/staff.secret", "CSSK1."));
    await page.locator("#key-status", { hasText: "not in Fabrikam Software's directory" }).waitFor();

    await page.fill("#key-text", keyLine("staff.secret", "CSSK1."));
    await page.locator("#key-status", { hasText: "Kim Akers" }).waitFor();
    // This vendor allows notices of at most 2 days.
    await page.selectOption("#valid-for", "259200");
    await page.locator("#sign-status", { hasText: /^Cannot sign this notice/ }).waitFor();
    await page.selectOption("#valid-for", "86400");
    await page.click("#sign-button");
    const link = await page.getByTestId("link").innerText();
    assert.match(link, /^https:\/\/fabrikam\.example\/check#CS1\./);
    assert.match(await page.getByTestId("footer-text").innerText(), /This message is from Fabrikam Software/);

    await page.getByTestId("local-verify").click();
    const card = page.locator("#result .card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-result"), "genuine");
    assert.match(await card.innerText(), /Kim Akers/);
    assert.match(await card.innerText(), /Fabrikam Software/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the verify page speaks for that vendor, not the demo's", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}verify`);
    await page.locator("#official-title", { hasText: "Fabrikam Software's official contacts" }).waitFor();
    assert.equal(await page.locator("h1").innerText(), "Is this really Fabrikam Software?");
    assert.equal(await page.locator("#demo-banner").isVisible(), false, "no demo banner");
    assert.doesNotMatch(await page.innerText("main"), /Northwind/);
    // A genuine notice of the demo vendor is refused in this vendor's name.
    const pkg = await loadSigner();
    const now = Math.floor(Date.now() / 1000);
    const demo = pkg.Countersign.openDemo(now).countersign;
    const notice = demo.signNotice(
      demoStaffSecret(),
      { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-1" },
      now,
    );
    assert.ok(notice.ok, notice.message);
    await page.fill("#notice", notice.token);
    await page.click("#verify-button");
    const card = page.locator("#result .card");
    await card.waitFor();
    assert.notEqual(await card.getAttribute("data-result"), "genuine");
    assert.match(await card.innerText(), /Fabrikam Software/);
    assert.doesNotMatch(await page.innerText("main"), /Northwind/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("without its published directory, the verify page checks nothing and says why", async () => {
    const page = await browser.context.newPage();
    const errors = collectErrors(page);
    // The directory is requested while the verifier loads; its failure must
    // still reach the reader, not a verdict.
    await page.route("**/.well-known/countersign/directory.json", (route) =>
      route.fulfill({ status: 404, contentType: "text/plain", body: "gone" }),
    );
    await page.goto(`${server.url}verify`);
    const card = page.locator("#result .card");
    await card.waitFor();
    assert.equal(await card.getAttribute("data-result"), "unavailable");
    assert.match(await card.innerText(), /cannot check notices right now/);
    assert.match(await card.innerText(), /The directory could not be fetched \(HTTP 404\)/);
    assert.equal(await page.locator("#verify-button").isDisabled(), true);
    // The browser reports the failed request itself; nothing else may fail.
    assert.deepEqual(
      errors.filter((error) => !/404/.test(error)),
      [],
    );
    await page.close();
  });

  test("the directory and contact pages show that vendor's verified directory", async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}directory`);
    await page.getByTestId("directory").waitFor();
    assert.equal(await page.getByTestId("vendor").innerText(), "Fabrikam Software");
    assert.match(await page.getByTestId("domains").innerText(), /fabrikam\.example/);
    // Its mail service is shown as one where anyone can get an address.
    assert.match(
      await page.getByTestId("domains").innerText(),
      /fabrikammail\.example and its subdomains: anyone can get an email address here; only the addresses listed below are Fabrikam Software's\./,
    );
    assert.equal(await page.getByTestId("public-mailboxes").count(), 1, "only the mail service is marked");
    assert.doesNotMatch(await page.innerText("main"), /Northwind/);
    await page.goto(`${server.url}contact`);
    await page.getByTestId("phones").waitFor();
    assert.equal(await page.locator("h1").innerText(), "How Fabrikam Software contacts you");
    assert.match(await page.getByTestId("phones").innerText(), /\+61 ?2 ?5550 ?1234 · Australian help desk/);
    assert.match(await page.locator("#policies").innerText(), /Fabrikam never calls you/);
    await page.close();
  });
});
