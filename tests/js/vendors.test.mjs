// Vendors fetched, pinned and refreshed by the real extension in Chromium,
// from a local HTTPS server standing in for the vendors' websites.
//
//   node --test tests/js/vendors.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh), a Chromium and openssl (for a
// throw-away certificate); without them the tests are skipped, saying why.
//
// Every host name resolves to this machine and port 443 to the test server
// (--host-resolver-rules), so directories are fetched from the URLs they
// really declare (https://contoso.example/.well-known/...). The test vendors
// and their keys are made at test time (helpers/directories.mjs); Contoso
// Cloud is the committed demo vendor (demo/contoso/).
//
// Headless Chromium cannot click the permission prompt that "Look up" opens,
// so the test grants the vendor's host first the way a user can on
// chrome://extensions (Site access); the prompt then resolves at once.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { CHROMIUM, CHROMIUM_ARGS } from "./helpers/browser.mjs";
import {
  directoryBody, keyFromSecret, newKey, rotation, signDirectory, staffEntry, startVendorServer, throwAwayCertificate,
} from "./helpers/directories.mjs";
import { ROOT, loadPackage, loadSigner, nowSeconds } from "./helpers/wasm.mjs";

const WELL = "/.well-known/countersign/directory.json";
const CONTOSO_ROOT = readFileSync(path.join(ROOT, "demo/contoso/keys/root.pub"), "utf8").split("\n")[1];
const CONTOSO_DIRECTORY = path.join(ROOT, "demo/contoso/contoso.directory.json");

const certificate = throwAwayCertificate();
const missing = [
  [existsSync(path.join(ROOT, "dist/pkg/countersign.js")), "dist/pkg is not built (run bash scripts/build.sh)"],
  [existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser, or set CHROMIUM)`],
  [certificate !== null, "no openssl to make a test certificate"],
].find(([ok]) => !ok);
const skip = missing ? missing[1] : false;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe("vendors in the extension, from local HTTPS servers", { skip }, () => {
  let pkg;
  let signer; // the package that signs (dist/pkg-console)
  let multiVendor; // the wasm build judges several vendors at once (openVendors)
  let server;
  let context;
  let extension;
  let userDataDir;
  let extensionId;
  let probe; // an extension page: sends the options page's messages, reads storage
  let sitesPage; // chrome://extensions, to grant site access as a user would

  before(async () => {
    pkg = await loadPackage();
    signer = await loadSigner();
    multiVendor = typeof pkg.Countersign.openVendors === "function";
    extension = mkdtempSync(path.join(tmpdir(), "countersign-vendors-ext-"));
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
    server = await startVendorServer(certificate);

    const { chromium } = await import("playwright-core");
    userDataDir = mkdtempSync(path.join(tmpdir(), "countersign-vendors-profile-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless=new",
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${extension}`,
        `--load-extension=${extension}`,
        `--host-resolver-rules=MAP *:443 127.0.0.1:${server.port}, MAP * 127.0.0.1`,
        "--ignore-certificate-errors",
      ],
    });
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
    extensionId = new URL(worker.url()).host;
    probe = await context.newPage();
    await probe.goto(`chrome-extension://${extensionId}/options.html`);
    sitesPage = await context.newPage();
    await sitesPage.goto("chrome://extensions");
  });

  after(async () => {
    await context?.close();
    await server?.close();
    for (const dir of [userDataDir, extension]) {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  const send = (message) => probe.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const records = () => probe.evaluate(async () => (await chrome.storage.local.get("vendors")).vendors ?? {});
  const grantSite = (host) =>
    sitesPage.evaluate(([id, pattern]) => chrome.developerPrivate.addHostPermission(id, pattern), [extensionId, `https://${host}/*`]);
  const serve = (host, answer) => server.routes.set(`${host}${WELL}`, answer);
  const refresh = (url) => send({ type: "vendor-refresh", url });
  const viewOf = (list, url) => list.vendors.find((v) => v.url === url);

  /** A notice signed by `staff` of the vendor whose envelope is `envelope` under `root`. */
  function noticeBy(envelope, root, staff, contact) {
    const now = nowSeconds();
    const opened = signer.Countersign.openDirectory(envelope, root, now);
    assert.ok(opened.ok, `the test directory opens: ${opened.message}`);
    const signed = opened.countersign.signNotice(staff.secret, { channel: "email", agent: "Agent", contact, ticket: "T-1" }, now);
    assert.ok(signed.ok, `signs: ${signed.message}`);
    return signed.token;
  }

  const verifyText = async (text) => (await send({ type: "verify-text", text })).result;

  /** What the popup says about vendors needing attention, and its official contacts. */
  async function popupHealth() {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html?tab=999999`);
    await page.waitForFunction(() => document.getElementById("official-list").childElementCount > 0, null, { timeout: 60_000 });
    const shown = await page.evaluate(() => ({
      cards: [...document.querySelectorAll("#vendor-health .health")].map((c) => ({ status: c.dataset.status, text: c.innerText })),
      hidden: document.getElementById("vendor-health").hidden,
      official: document.getElementById("official-list").textContent,
    }));
    if (process.env.SCREENSHOT_DIR && shown.cards.length > 0) {
      await page.locator("#vendor-health").screenshot({ path: path.join(process.env.SCREENSHOT_DIR, `popup-vendor-${shown.cards[0].status}.png`) });
    }
    await page.close();
    return shown;
  }

  /** Adds a vendor through the options page; returns the page with the card shown. */
  async function lookUp(urlText, rootText = "") {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.fill("#vendor-url", urlText);
    await page.fill("#vendor-root", rootText);
    await page.click("#vendor-lookup");
    await page.waitForFunction(
      () => !document.getElementById("vendor-preview").hidden || document.getElementById("vendor-message").dataset.kind === "error",
      null,
      { timeout: 60_000 },
    );
    return page;
  }

  test("Contoso Cloud, added through the options page with its vendor link: card first, then trusted", async () => {
    serve("contoso.example", readFileSync(CONTOSO_DIRECTORY, "utf8"));
    await grantSite("contoso.example");
    const link = `https://contoso.example${WELL}#root=${CONTOSO_ROOT}`;
    const page = await lookUp(link);
    if (process.env.SCREENSHOT_DIR) await page.locator("#vendors").screenshot({ path: path.join(process.env.SCREENSHOT_DIR, "options-vendor-card.png") });
    const card = await page.evaluate(() => ({
      title: document.getElementById("vendor-preview-title").textContent,
      text: document.getElementById("vendor-preview").innerText,
      accept: document.getElementById("vendor-accept").textContent,
    }));
    assert.equal(card.title, "Contoso Cloud");
    for (const fact of ["contoso.example and its subdomains", "help@contoso.example (Customer help)", `${pkg.formatPhone("+441614960123")} (UK customer help)`,
      "Contoso Cloud never calls you", "Priya Raman, Customer Help", "Version 1"]) {
      assert.ok(card.text.includes(fact), `the card shows "${fact}": ${card.text}`);
    }
    assert.equal(card.accept, "Trust Contoso Cloud");
    assert.deepEqual(await records(), {}, "nothing is trusted before the user accepts");

    await page.click("#vendor-accept");
    await page.waitForSelector('#vendor-list .vendor[data-status="current"]');
    assert.equal(await page.textContent("#vendor-list .vendor-name"), "Contoso Cloud");
    const [record] = Object.values(await records());
    assert.equal(record.url, `https://contoso.example${WELL}`);
    assert.equal(record.root, CONTOSO_ROOT);
    assert.equal(record.source, "user");
    assert.equal(record.state.sequence, 1);
    assert.ok(await probe.evaluate(() => chrome.alarms.get("countersign-refresh")), "the refresh alarm is set");

    if (multiVendor) {
      const staff = keyFromSecret(readFileSync(path.join(ROOT, "demo/contoso/keys/staff.secret"), "utf8"));
      const token = noticeBy(readFileSync(CONTOSO_DIRECTORY, "utf8"), CONTOSO_ROOT, staff, "help@contoso.example");
      const result = await verifyText(token);
      assert.ok(result.ok, `a Contoso notice verifies once Contoso is trusted: ${result.message}`);
    }

    // Removing it forgets the directory.
    await page.click("#vendor-list .vendor-remove");
    await page.waitForSelector("#vendor-empty:not([hidden])");
    assert.deepEqual(await records(), {});
    await page.close();
  });

  test("a mail service among the official domains is shown as one where anyone can get an address", async () => {
    const root = newKey();
    const host = "litware.example";
    serve(host, signDirectory(directoryBody({
      id: "litware", name: "Litware", domain: host, sequence: 1, now: nowSeconds(), keys: [],
      domains: [{ domain: host, include_subdomains: true }, { domain: "litwaremail.example", include_subdomains: false, public_mailboxes: true }],
      emails: [{ address: "support@litwaremail.example", label: "Support" }],
    }), root));
    await grantSite(host);
    const page = await lookUp(`https://${host}${WELL}`, root.public);
    const text = await page.evaluate(() => document.getElementById("vendor-preview").innerText);
    assert.ok(text.includes("litwaremail.example: anyone can get an email address here; only the addresses listed below are Litware's"), text);
    assert.ok(text.includes("support@litwaremail.example (Support)"), text);
    assert.ok(!text.includes("litware.example and its subdomains: anyone"), `the vendor's own domain is not called a mail service: ${text}`);
    await page.close();
  });

  test("a vendor's life: revocation, rollback, equivocation, rotation, then freeze (stale, expired)", async (t) => {
    const host = "fabrikam.example";
    const url = `https://${host}${WELL}`;
    const rootA = newKey();
    const rootB = newKey();
    const s1 = newKey();
    const s2 = newKey();
    let now = nowSeconds();
    const body = (sequence, extra = {}) =>
      directoryBody({
        id: "fabrikam", name: "Fabrikam Software", domain: host, sequence, now,
        keys: [staffEntry(s1, { name: "Ada Park", now }), staffEntry(s2, { name: "Ben Ortiz", now })], ...extra,
      });
    const v1 = signDirectory(body(1), rootA);
    serve(host, v1);
    await grantSite(host);

    // Added with the address and the key in separate fields.
    const page = await lookUp(`https://${host}/`, rootA.public);
    await page.click("#vendor-accept");
    await page.waitForSelector('#vendor-list .vendor[data-status="current"]');
    assert.deepEqual((await popupHealth()).cards, [], "a current vendor needs no attention in the popup");
    const n1 = noticeBy(v1, rootA.public, s1, `support@${host}`);
    const n2 = noticeBy(v1, rootA.public, s2, `support@${host}`);
    if (multiVendor) assert.ok((await verifyText(n2)).ok, "Ben's notice verifies before the revocation");

    // Revocation reaches the browser with the next refresh.
    const v2 = signDirectory(body(2, { revoked: [{ id: s2.id, revoked_at: now - 10, reason: "laptop stolen" }] }), rootA);
    serve(host, v2);
    let list = await refresh(url);
    assert.equal(viewOf(list, url).status, "current");
    assert.equal((await records())[url].state.sequence, 2);
    assert.ok(viewOf(list, url).card.revoked.some((r) => r.includes(s2.id)), "the card lists the revoked key");
    if (multiVendor) {
      const revoked = await verifyText(n2);
      assert.ok(!revoked.ok, "Ben's notice no longer verifies after the refresh");
      assert.match(revoked.message, /revoked/i);
      assert.ok((await verifyText(n1)).ok, "Ada's notice still verifies");
    }

    // Rollback: the server replays version 1 (which still trusts Ben).
    serve(host, v1);
    list = await refresh(url);
    let record = (await records())[url];
    assert.equal(record.state.sequence, 2, "the newer directory is kept");
    assert.equal(record.lastError.code, "rollback");
    assert.match(viewOf(list, url).problem.message, /older than the directory already trusted/);
    if (multiVendor) assert.ok(!(await verifyText(n2)).ok, "the replayed version does not bring Ben back");

    // Equivocation: another version 2, also signed by the root.
    const trustedDigest = record.state.digest;
    serve(host, signDirectory(body(2, { policies: [{ id: "no-secrets", text: "Different." }] }), rootA));
    await refresh(url);
    record = (await records())[url];
    assert.equal(record.lastError.code, "equivocation");
    assert.equal(record.state.digest, trustedDigest, "the directory first accepted as version 2 is kept");

    // Rotation: root A hands over to root B; B is pinned from now on.
    serve(host, signDirectory(body(3), rootB, [rotation(rootA, rootB, now)]));
    list = await refresh(url);
    assert.equal(viewOf(list, url).status, "current");
    record = (await records())[url];
    assert.equal(record.lastError, null, JSON.stringify(record.lastError));
    assert.equal(record.state.sequence, 3);
    assert.equal(record.root, rootB.public, "the new root is pinned");
    // ... and the old root alone no longer speaks for the vendor.
    serve(host, signDirectory(body(4), rootA));
    await refresh(url);
    record = (await records())[url];
    assert.equal(record.lastError.code, "not-signed-by-root");
    assert.equal(record.state.sequence, 3);

    // Freeze. A directory that expires in a few seconds, then the server
    // stops answering properly.
    now = nowSeconds();
    const expiresAt = now + 12;
    serve(host, signDirectory(body(5, { expires_at: expiresAt }), rootB));
    await refresh(url);
    assert.equal((await records())[url].state.sequence, 5);
    serve(host, { status: 503, body: "down for maintenance" });
    // A day of failed refreshes, as the store would have recorded it.
    await probe.evaluate(async (u) => {
      const { vendors } = await chrome.storage.local.get("vendors");
      vendors[u].lastSuccessAt -= 25 * 3600;
      await chrome.storage.local.set({ vendors });
    }, url);
    list = await refresh(url);
    assert.equal(viewOf(list, url).status, "stale");
    assert.match(viewOf(list, url).statusMessage, /could not be updated since/);
    assert.match(viewOf(list, url).problem.message, /HTTP 503/);
    if (multiVendor) assert.ok((await verifyText(n1)).ok, "a stale vendor is still used until it expires");
    let health = await popupHealth();
    assert.equal(health.hidden, false);
    assert.deepEqual(health.cards.map((c) => c.status), ["stale"]);
    assert.match(health.cards[0].text, /Fabrikam Software: not updated for over a day/);
    assert.match(health.cards[0].text, /still uses the copy it has/);
    assert.ok(health.cards[0].text.includes(`support@${host}`), "the stale vendor's contacts are on its card");
    assert.ok(health.official.includes(`support@${host}`), "and in Official contacts");

    await sleep(Math.max(0, (expiresAt + 1) * 1000 - Date.now()));
    list = await refresh(url);
    assert.equal(viewOf(list, url).status, "expired");
    assert.match(viewOf(list, url).statusMessage, /can no longer vouch for Fabrikam Software's notices/);
    await page.reload();
    await page.waitForSelector('#vendor-list .vendor[data-status="expired"]');
    if (process.env.SCREENSHOT_DIR) await page.locator("#vendors").screenshot({ path: path.join(process.env.SCREENSHOT_DIR, "options-vendor-expired.png") });
    assert.match(await page.textContent('#vendor-list .vendor[data-status="expired"] .vendor-status'), /Expired: no longer vouched for/);
    assert.equal(
      await page.evaluate(() => document.querySelector('#vendor-list .vendor[data-status="expired"] details').open),
      true,
      "the expired vendor's signed contacts are shown, not folded away",
    );
    health = await popupHealth();
    assert.deepEqual(health.cards.map((c) => c.status), ["expired"]);
    assert.match(health.cards[0].text, /Fabrikam Software: can no longer be vouched for/);
    assert.match(health.cards[0].text, /calls none of them genuine/);
    assert.ok(health.cards[0].text.includes(`support@${host}`), "the last signed contacts stay reachable");
    assert.match(health.official, new RegExp(`support@${host.replace(".", "\\.")}[\\s\\S]*from its last signed list`), "Official contacts say where they come from");
    if (multiVendor) assert.ok(!(await verifyText(n1)).ok, "an expired vendor's notices are not vouched for");
    else t.diagnostic("notice checks skipped: this wasm build has no openVendors");

    assert.equal((await send({ type: "vendor-remove", url })).ok, true);
    await page.close();
  });

  describe("directories refused when looked up", () => {
    const tailspin = newKey();
    const tailspinDirectory = () =>
      signDirectory(directoryBody({ id: "tailspin", name: "Tailspin Toys", domain: "tailspin.example", sequence: 1, now: nowSeconds(), keys: [] }), tailspin);

    async function preview(host, root = tailspin.public) {
      await grantSite(host);
      const before = await records();
      const reply = await send({ type: "vendor-preview", url: `https://${host}${WELL}`, root });
      assert.deepEqual(await records(), before, "nothing is stored");
      return reply;
    }

    test("a genuine directory served from a URL it does not declare", async () => {
      serve("mirror.example", tailspinDirectory());
      const reply = await preview("mirror.example");
      assert.equal(reply.code, "undeclared-location");
      assert.match(reply.message, /does not say it is published there/);
      // The same bytes from the vendor's own address are fine.
      serve("tailspin.example", tailspinDirectory());
      assert.equal((await preview("tailspin.example")).ok, true);
    });

    test("a directory not signed by the root key given", async () => {
      serve("tailspin.example", tailspinDirectory());
      const reply = await preview("tailspin.example", newKey().public);
      assert.equal(reply.code, "not-signed-by-root");
      assert.match(reply.message, /not signed by the root key you gave/);
    });

    test("a directory larger than the limit, with or without a declared length", async () => {
      serve("big.example", { stream: 64 << 20 });
      const streamed = await preview("big.example");
      assert.equal(streamed.code, "too-large");
      assert.match(streamed.message, /larger than any real directory/);
      // The download was cut off near the limit, not read to the end.
      const sent = server.streams.get(`big.example${WELL}`);
      assert.equal(sent.finished, false, `the client stopped reading (${sent.sent} of ${sent.total} bytes sent)`);
      serve("big2.example", " ".repeat((1 << 20) + 10));
      assert.equal((await preview("big2.example")).code, "too-large");
    });

    test("garbage, and an error page", async () => {
      serve("garbage.example", "<!doctype html><p>Welcome to our new website!</p>");
      const garbage = await preview("garbage.example");
      assert.equal(garbage.code, "malformed-directory");
      assert.match(garbage.message, /is not a Countersign directory/);
      serve("gone.example", { status: 404, body: "not here" });
      const gone = await preview("gone.example");
      assert.equal(gone.code, "http-status");
      assert.match(gone.message, /HTTP 404/);
    });

    test("a directory whose brand collides with a vendor already trusted", async (t) => {
      if (!multiVendor) {
        t.skip("this wasm build has no openVendors (the collision check is the engine's)");
        return;
      }
      const root = newKey();
      serve("northwind-help.example", signDirectory(directoryBody({
        id: "northwind-help", name: "Northwind Helpdesk", brand: ["Northwind Security", "Northwind"],
        domain: "northwind-help.example", sequence: 1, now: nowSeconds(), keys: [],
      }), root));
      const reply = await preview("northwind-help.example", root.public);
      assert.equal(reply.code, "vendor-collision");
      assert.match(reply.message, /^Northwind Helpdesk cannot be trusted alongside the vendors already in the list: .*Northwind Security/);

      // A vendor already trusted whose next version claims another's brand:
      // the new version is refused, the one trusted is kept.
      const url = `https://tailwind.example${WELL}`;
      const body = (sequence, brand) => directoryBody({
        id: "tailwind", name: "Tailwind Traders", brand, domain: "tailwind.example", sequence, now: nowSeconds(), keys: [],
      });
      serve("tailwind.example", signDirectory(body(1, ["Tailwind Traders"]), root));
      await grantSite("tailwind.example");
      const added = await send({ type: "vendor-preview", url, root: root.public });
      assert.ok((await send({ type: "vendor-add", previewId: added.previewId })).ok);
      serve("tailwind.example", signDirectory(body(2, ["Tailwind Traders", "Northwind Antivirus"]), root));
      await refresh(url);
      const record = (await records())[url];
      assert.equal(record.state.sequence, 1);
      assert.equal(record.lastError.code, "vendor-collision");
      assert.ok((await send({ type: "vendor-remove", url })).ok);
    });

    test("a server that never answers", async () => {
      serve("slow.example", "hang");
      const reply = await preview("slow.example");
      assert.equal(reply.code, "timeout");
      assert.match(reply.message, /did not send the directory in time/);
    });

    test("what the options page says when the lookup is refused", async () => {
      serve("mirror.example", tailspinDirectory());
      await grantSite("mirror.example");
      const page = await lookUp(`https://mirror.example${WELL}#root=${tailspin.public}`);
      assert.equal(await page.isHidden("#vendor-preview"), true);
      assert.match(await page.textContent("#vendor-message"), /does not say it is published there/);
      const local = await lookUp(`http://tailspin.example${WELL}#root=${tailspin.public}`);
      assert.match(await local.textContent("#vendor-message"), /must start with https/);
      await page.close();
      await local.close();
    });
  });

  test("with site access withheld, only a directory served for any origin (CORS) can be read", async () => {
    // The content script's matches give the extension every site by
    // default; a user (or IT) can withhold that, and a managed install
    // cannot show a permission prompt. The directory must then be served
    // with Access-Control-Allow-Origin: * (docs/vendors.md).
    const root = newKey();
    const directoryFor = (domain) =>
      signDirectory(directoryBody({ id: domain.split(".")[0], name: `Vendor ${domain}`, domain, sequence: 1, now: nowSeconds(), keys: [] }), root);
    serve("open.example", { body: directoryFor("open.example"), headers: { "access-control-allow-origin": "*" } });
    serve("closed.example", directoryFor("closed.example"));
    const access = (hostAccess) =>
      sitesPage.evaluate(([id, value]) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, hostAccess: value }), [extensionId, hostAccess]);
    await access("ON_CLICK");
    try {
      const open = await send({ type: "vendor-preview", url: `https://open.example${WELL}`, root: root.public });
      assert.equal(open.ok, true, open.message);
      const closed = await send({ type: "vendor-preview", url: `https://closed.example${WELL}`, root: root.public });
      assert.equal(closed.code, "unreachable");
      assert.match(closed.message, /could not be reached/);
    } finally {
      await access("ON_ALL_SITES");
    }
  });

  test("a vendor added by IT policy cannot be removed by the user", async () => {
    const url = `https://contoso.example${WELL}`;
    await probe.evaluate(() => chrome.storage.local.remove("vendors"));
    serve("contoso.example", readFileSync(CONTOSO_DIRECTORY, "utf8"));
    // What syncManagedVendors stores for a policy entry (the policy itself
    // comes from the operating system, out of reach of this test).
    const preview = await send({ type: "vendor-preview", url, root: CONTOSO_ROOT });
    assert.ok(preview.ok, preview.message);
    assert.ok((await send({ type: "vendor-add", previewId: preview.previewId })).ok);
    await probe.evaluate(async (u) => {
      const { vendors } = await chrome.storage.local.get("vendors");
      vendors[u].source = "managed";
      await chrome.storage.local.set({ vendors });
    }, url);
    const refused = await send({ type: "vendor-remove", url });
    assert.equal(refused.code, "managed");
    assert.match(refused.message, /added by your organisation's IT/);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.waitForSelector('#vendor-list .vendor[data-source="managed"]');
    assert.equal(await page.locator("#vendor-list .vendor-remove").count(), 0);
    assert.equal(await page.textContent("#vendor-list .vendor-managed"), "Added by your organisation");
    await page.close();
    await probe.evaluate(() => chrome.storage.local.remove("vendors"));
  });
});
