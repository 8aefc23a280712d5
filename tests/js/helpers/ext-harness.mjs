// The browser extension in a real Chromium, against the pages of
// tests/js/ext-cases/, served over HTTPS under the host name each case
// names (every name resolves to this machine; the certificate is made for
// the run and ignored by the browser).
//
// Placeholders in a case's files are filled with notices signed for this
// run with the demo staff key, exactly as staff would sign them:
//
//   {{call.armor}} {{call.token}} {{call.link}}   scheduled call from +1 202 555 0143
//   {{callBody}}                                  the message text that call notice signs
//   {{email.armor}} {{email.token}} {{email.link}} email from support@northwind.example
//   {{email.lookalikeLink}}                        that token on a look-alike verify host
//   {{email.cut}}                                  the token cut off as an inbox preview cuts it

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:https";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { CHROMIUM, CHROMIUM_ARGS } from "./browser.mjs";
import { ROOT, demoStaffSecret, loadSigner, nowSeconds } from "./wasm.mjs";

export const CASES = path.join(ROOT, "tests/js/ext-cases");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
};

/** Notices signed now, and the text that fills each placeholder. */
export async function signFixtures() {
  const pkg = await loadSigner();
  const now = nowSeconds();
  const opened = pkg.Countersign.openDemo(now);
  assert.ok(opened.ok, `demo directory opens: ${opened.message}`);
  const cs = opened.countersign;
  const callBody =
    "Hello Alex,\n\nAs agreed on the phone, Dana from our Support Tier 2 team will call you back " +
    "today about ticket NW-48213.\n\nKind regards,\nNorthwind Security support";
  const call = cs.signNotice(demoStaffSecret(), {
    channel: "scheduled-call", agent: "Dana Whitfield", contact: "+1 202 555 0143", ticket: "NW-48213",
    windowStart: now - 60, windowEnd: now + 2 * 3600, body: callBody,
  }, now);
  assert.ok(call.ok, `signs the call notice: ${call.message}`);
  const email = cs.signNotice(demoStaffSecret(), {
    channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213",
  }, now);
  assert.ok(email.ok, `signs the email notice: ${email.message}`);
  const values = {
    "call.armor": call.armor, "call.token": call.token, "call.link": call.link, callBody,
    "email.armor": email.armor, "email.token": email.token, "email.link": email.link,
    "email.lookalikeLink": email.link.replace("https://northwind.example/", "https://northwind-verify.com/"),
    "email.cut": `${email.token.slice(0, 48)}…`,
  };
  return { call, email, values };
}

function fill(text, values) {
  return text.replace(/\{\{([a-zA-Z.]+)\}\}/g, (whole, key) => (key in values ? values[key] : whole));
}

/** Copies every case into `www/<case>/`, placeholders filled. */
export function stageCases(www, values) {
  cpSync(CASES, www, { recursive: true });
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(html|js|json|css)$/.test(name)) writeFileSync(file, fill(readFileSync(file, "utf8"), values));
    }
  };
  walk(www);
}

/** A throwaway certificate for this run, made in `dir`. */
export function certificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
    "-days", "1", "-subj", "/CN=countersign-test",
  ], { stdio: "pipe" });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * The extra response headers of a case's pages: `headers.json` beside an
 * HTML file (e.g. a Content-Security-Policy that sandboxes the page).
 */
function pageHeaders(file, type) {
  if (!type.startsWith("text/html")) return {};
  try {
    return JSON.parse(readFileSync(path.join(path.dirname(file), "headers.json"), "utf8"));
  } catch {
    return {};
  }
}

/**
 * An HTTPS server for `root` on 127.0.0.1, with "?delay=ms" answers (the
 * Chromium and the Firefox cases share it); a folder's `headers.json` adds
 * headers to its HTML pages.
 */
export function serve(root, tls) {
  const server = createServer(tls, (request, response) => {
    const url = new URL(request.url ?? "/", "https://x");
    const parts = decodeURIComponent(url.pathname).split("/").filter((p) => p && p !== "." && p !== "..");
    const answer = () => {
      let file = path.join(root, ...parts);
      try {
        if (statSync(file).isDirectory()) file = path.join(file, "index.html");
        const body = readFileSync(file);
        const type = TYPES[path.extname(file)] ?? "application/octet-stream";
        response.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store", ...pageHeaders(file, type) });
        response.end(body);
      } catch {
        response.writeHead(404, { "Content-Type": "text/plain" });
        response.end("not found\n");
      }
    };
    // "?delay=ms" (at most 5 s): the answer comes that much later, as from
    // a slow server (a style sheet that holds a page's first frame back).
    const delay = Math.min(Number(url.searchParams.get("delay")) || 0, 5000);
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * Starts everything. Returns the harness: `{context, extensionId, probe,
 * url(host, casePath), verdictFor, badge, tipFrame, close, signed}`.
 */
export async function startHarness() {
  const work = mkdtempSync(path.join(tmpdir(), "countersign-ext-cases-"));
  const extension = path.join(work, "extension");
  execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
  const signed = await signFixtures();
  const www = path.join(work, "www");
  stageCases(www, signed.values);
  const server = await serve(www, certificate(work));
  const port = server.address().port;

  const { chromium } = await import("playwright-core");
  const context = await chromium.launchPersistentContext(path.join(work, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 760 },
    args: [
      "--headless=new",
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      "--host-resolver-rules=MAP * 127.0.0.1",
      "--ignore-certificate-errors",
      "--autoplay-policy=no-user-gesture-required",
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
  const extensionId = new URL(worker.url()).host;
  const probe = await context.newPage();
  await probe.goto(`chrome-extension://${extensionId}/options.html`);

  const harness = {
    context,
    extensionId,
    probe,
    signed,
    // As the browser reports it (markup in a query is percent-encoded).
    url: (host, file) => new URL(`https://${host}:${port}/${file}`).href,

    /** Every stored verdict record. */
    records: () => probe.evaluate(async () => Object.entries(await chrome.storage.session.get(null))),

    /** The record for `url` once `ready(record)`; fails after `timeout`. */
    async verdictFor(url, ready = () => true, timeout = 30_000) {
      const deadline = Date.now() + timeout;
      let last = [];
      while (Date.now() < deadline) {
        last = await harness.records();
        const found = last.find(([key, r]) => key.startsWith("tab:") && r.url === url && ready(r));
        if (found) return found[1];
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.fail(`no verdict for ${url} in time; stored: ${JSON.stringify(last).slice(0, 3000)}`);
    },

    badge: (tabId) => probe.evaluate(async (id) => ({
      text: await chrome.action.getBadgeText({ tabId: id }),
      title: await chrome.action.getTitle({ tabId: id }),
    }), tabId),

    /** The Safety Tip frame in `page`, once it has drawn, or null after `timeout`. */
    async tipFrame(page, { mark = false, timeout = 15_000 } = {}) {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        for (const frame of page.frames()) {
          const u = frame.url();
          if (u.startsWith(`chrome-extension://${extensionId}/tip.html`) && u.includes("mark=") === mark) {
            try {
              if (await frame.evaluate(() => document.body.dataset.ready === "true")) return frame;
            } catch {
              // Navigating or detached: try again.
            }
          }
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      return null;
    },

    /** Waits until `page` shows the extension's warning page. */
    async waitForWarning(page, timeout = 30_000) {
      await page.waitForURL(`chrome-extension://${extensionId}/warning.html`, { timeout });
      await page.waitForSelector('body[data-ready="true"]', { timeout });
    },

    async close() {
      await context.close().catch(() => {});
      await new Promise((r) => server.close(r));
      rmSync(work, { recursive: true, force: true });
    },
  };
  return harness;
}
