// A tab opened in the background is scanned when it is first shown, not at
// load (content/main.js): most background tabs are closed unseen, and the
// user cannot be fooled by a page they cannot see.
//
//   node --test tests/js/ext-hidden-tab.test.mjs
//
// Driven over the DevTools protocol directly, not through playwright: a
// playwright-attached page always reports itself visible, so a background
// tab could not be told from a foreground one. The page is the
// fake-support-page case, served over http (the content script runs on
// http and https alike).
//
// Needs dist/pkg (bash scripts/build.sh) and Chromium; skipped, saying why,
// without them.

import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import WebSocket from "ws";

import { startServer } from "../../scripts/serve.mjs";
import { CHROMIUM, CHROMIUM_ARGS } from "./helpers/browser.mjs";
import { CASES } from "./helpers/ext-harness.mjs";
import { ROOT } from "./helpers/wasm.mjs";

const skip =
  [
    [path.join(ROOT, "dist/pkg/countersign.js"), "dist/pkg is not built (run bash scripts/build.sh)"],
    [CHROMIUM, `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser, or set CHROMIUM)`],
  ].find(([file]) => !existsSync(file))?.[1] ?? false;

const HOST = "pc-helpdesk-online.net";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A DevTools protocol connection: `send(method, params, sessionId)`. */
async function connect(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  let id = 0;
  const pending = new Map();
  ws.on("message", (data) => {
    const m = JSON.parse(String(data));
    const done = m.id !== undefined ? pending.get(m.id) : undefined;
    if (!done) return;
    pending.delete(m.id);
    if (m.error) done.reject(new Error(`${m.error.message} (${JSON.stringify(m.error)})`));
    else done.resolve(m.result);
  });
  const send = (method, params = {}, sessionId = undefined) =>
    new Promise((resolve, reject) => {
      const i = ++id;
      pending.set(i, { resolve, reject });
      ws.send(JSON.stringify({ id: i, method, params, sessionId }));
    });
  return { send, close: () => ws.close() };
}

describe("background tabs in Chromium", { skip }, () => {
  let work;
  let browser;
  let server;
  let cdp;
  let probe; // a session in the extension's welcome page

  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), "countersign-hidden-tab-"));
    const extension = path.join(work, "extension");
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
    server = await startServer({ root: CASES, port: 0, host: "127.0.0.1" });
    const profile = path.join(work, "profile");
    browser = spawn(CHROMIUM, [
      "--headless=new",
      ...CHROMIUM_ARGS,
      "--remote-debugging-port=0",
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
      "about:blank",
    ], { stdio: "ignore" });
    // The port file can be there before it is written, or before the
    // browser answers on it: read it and ask again until it does.
    const portFile = path.join(profile, "DevToolsActivePort");
    let version = null;
    for (let i = 0; i < 600 && !version; i++) {
      try {
        const port = readFileSync(portFile, "utf8").split("\n")[0];
        version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json();
      } catch {
        await sleep(100);
      }
    }
    assert.ok(version, "the browser answered on its DevTools port");
    cdp = await connect(version.webSocketDebuggerUrl);

    // On install the extension opens its welcome page in a new tab, in
    // front, whenever its worker gets to it. Until it has, a tab the test
    // opens "in front" may end up behind it: hidden, and rightly not
    // scanned (this test failed about one run in five so). So the test
    // starts once the welcome page is open, and reads verdicts from it.
    let welcome = null;
    for (let i = 0; i < 600 && !welcome; i++) {
      const { targetInfos } = await cdp.send("Target.getTargets");
      welcome = targetInfos.find((t) => t.type === "page" && /^chrome-extension:\/\/[a-p]{32}\/welcome\.html/.test(t.url));
      if (!welcome) await sleep(100);
    }
    assert.ok(welcome, "the extension opened its welcome page");
    ({ sessionId: probe } = await cdp.send("Target.attachToTarget", { targetId: welcome.targetId, flatten: true }));
    // Until the page has loaded, its session has no chrome.storage.
    for (let i = 0; i < 300 && (await evaluate(probe, "typeof chrome?.storage?.session?.get")) !== "function"; i++) await sleep(100);
  });

  after(async () => {
    cdp?.close();
    if (browser && browser.exitCode === null) {
      const exited = new Promise((resolve) => browser.once("exit", resolve));
      browser.kill();
      await Promise.race([exited, sleep(10_000)]);
    }
    await server?.close?.();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs `expression` in a session and returns its value. */
  async function evaluate(sessionId, expression) {
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true }, sessionId);
    if (exceptionDetails) throw new Error(JSON.stringify(exceptionDetails));
    return result.value;
  }

  /** The stored verdict record for `url`, or null. */
  async function recordFor(url) {
    const records = await evaluate(probe, "chrome.storage.session.get(null).then((all) => Object.entries(all))");
    return records.find(([key, r]) => key.startsWith("tab:") && r.url === url)?.[1] ?? null;
  }

  async function waitForRecord(url, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const record = await recordFor(url);
      if (record) return record;
      await sleep(200);
    }
    return null;
  }

  test("a tab opened in the background is scanned when first shown, not at load", async () => {
    const base = `http://${HOST}:${server.port}/fake-support-page/index.html`;
    const hiddenUrl = `${base}?tab=background`;
    const shownUrl = `${base}?tab=foreground`;

    const { targetId: hidden } = await cdp.send("Target.createTarget", { url: hiddenUrl, background: true });
    const { sessionId: hiddenSession } = await cdp.send("Target.attachToTarget", { targetId: hidden, flatten: true });
    for (let i = 0; i < 300 && (await evaluate(hiddenSession, "document.readyState")) !== "complete"; i++) await sleep(100);
    assert.equal(await evaluate(hiddenSession, "document.visibilityState"), "hidden", "the tab is in the background");

    // The same page in a tab in front gets its verdict; by then the
    // background one would have had its own had it been scanned at load.
    const { targetId: front } = await cdp.send("Target.createTarget", { url: shownUrl });
    const shown = await waitForRecord(shownUrl);
    if (!shown) {
      // Say why: a tab hidden behind another is not scanned, by design.
      // (Not attached before: attaching may change what the tab reports.)
      const { sessionId } = await cdp.send("Target.attachToTarget", { targetId: front, flatten: true });
      const state = await evaluate(sessionId, "document.visibilityState").catch((e) => String(e));
      assert.fail(`the tab in front got no verdict (it is ${state})`);
    }
    assert.ok(shown, "the tab in front got a verdict");
    assert.ok(["suspicious", "impersonation"].includes(shown.verdict), shown.verdict);
    await sleep(2000);
    assert.equal(await evaluate(hiddenSession, "document.visibilityState"), "hidden");
    assert.equal(await recordFor(hiddenUrl), null, "the background tab was not scanned while hidden");

    // Shown: scanned, and judged as the same page in front was.
    await cdp.send("Target.activateTarget", { targetId: hidden });
    const record = await waitForRecord(hiddenUrl);
    assert.equal(await evaluate(hiddenSession, "document.visibilityState"), "visible");
    assert.ok(record, "the background tab got its verdict once shown");
    assert.equal(record.verdict, shown.verdict);
  });
});
