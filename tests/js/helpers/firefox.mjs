// Firefox for the browser tests: Debian's firefox-esr (installed by
// `scripts/setup.sh --browser`), driven over WebDriver BiDi, the W3C
// protocol Firefox speaks natively. No browser download and no geckodriver:
// Firefox is started with --remote-debugging-port and the tests talk to its
// BiDi websocket directly (the `ws` package).
//
// The extension is installed with `webExtension.install` as a temporary
// add-on, as about:debugging does. Its pages live at moz-extension://<uuid>/,
// with a uuid fixed by a profile preference so the tests know it.
//
// The API mirrors what the Chromium tests use from playwright, so that a
// case runner can drive either browser:
//
//   const ff = await launchFirefox({ extensionPath, hosts: ["northwind.example"] });
//   const tab = await ff.newTab("http://northwind.example:8080/page.html");
//   await tab.evaluate((a, b) => a + b, 1, 2);        // in the page
//   const probe = await ff.newTab(ff.extensionUrl("options.html"));
//   await probe.evaluate(() => browser.storage.session.get(null));
//   await tab.screenshot("/tmp/page.png");
//   await ff.close();
//
// Set FIREFOX to use another binary.

import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";

/** The Firefox binary the tests drive. */
export const FIREFOX = process.env.FIREFOX ?? "/usr/bin/firefox-esr";

/** Why Firefox tests cannot run here, or null when they can. */
export function firefoxUnavailable() {
  if (!existsSync(FIREFOX)) return `no Firefox at ${FIREFOX} (run scripts/setup.sh --browser, or set FIREFOX)`;
  return null;
}

/** The add-on id in manifest.json (browser_specific_settings.gecko.id). */
export const ADDON_ID = "countersign@countersign.example";

/** Preferences for a quiet, hermetic profile: no updates, telemetry or first-run pages. */
function profilePrefs({ hosts, uuid }) {
  return {
    "app.update.auto": false,
    "app.update.disabledForTesting": true,
    "browser.shell.checkDefaultBrowser": false,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "browser.aboutwelcome.enabled": false,
    "datareporting.policy.dataSubmissionEnabled": false,
    "toolkit.telemetry.reportingpolicy.firstRun": false,
    "toolkit.telemetry.enabled": false,
    "extensions.update.enabled": false,
    "extensions.getAddons.cache.enabled": false,
    "extensions.webextensions.uuids": JSON.stringify({ [ADDON_ID]: uuid }),
    "dom.security.https_only_mode": false,
    "dom.security.https_first": false,
    "network.captive-portal-service.enabled": false,
    "network.connectivity-service.enabled": false,
    "browser.safebrowsing.malware.enabled": false,
    "browser.safebrowsing.phishing.enabled": false,
    // Every test host name is this machine, as Chromium's --host-resolver-rules does.
    "network.dns.localDomains": hosts.join(","),
    "network.dns.disableIPv6": true,
    "remote.prefs.recommended": true,
  };
}

/** A minimal WebDriver BiDi client: commands with promises, events by name. */
class BiDi {
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map();
    socket.on("message", (data) => {
      let message;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.id !== undefined && this.pending.has(message.id)) {
        const { resolve, reject, method } = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.type === "error") reject(new Error(`${method}: ${message.error}: ${message.message}`));
        else resolve(message.result);
      } else if (message.type === "event") {
        for (const listener of this.listeners.get(message.method) ?? []) listener(message.params);
      }
    });
    socket.on("close", () => {
      for (const { reject, method } of this.pending.values()) reject(new Error(`${method}: connection closed`));
      this.pending.clear();
    });
  }

  send(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method, listener) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(listener);
  }
}

/** Starts Firefox and resolves with the BiDi websocket URL it prints. */
function startFirefox(profile, timeoutMs) {
  const child = spawn(
    FIREFOX,
    ["--headless", "--no-remote", "--remote-debugging-port", "0", "--profile", profile, "about:blank"],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: "1" } },
  );
  let output = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not start its BiDi server in time:\n${output.slice(-2000)}`)), timeoutMs);
    const onData = (data) => {
      output += String(data);
      const match = output.match(/WebDriver BiDi listening on (ws:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Firefox exited (${code}) before its BiDi server started:\n${output.slice(-2000)}`));
    });
  });
  return { child, url };
}

/** The BiDi value of a script result, as plain data (results travel as JSON strings). */
function resultOf(method, result) {
  if (result.type === "exception") {
    const details = result.exceptionDetails ?? {};
    throw new Error(`${method} threw: ${details.text ?? "an exception"}`);
  }
  const value = result.result;
  if (value?.type !== "string") return undefined;
  return value.value === "undefined" ? undefined : JSON.parse(value.value);
}

/**
 * Launches Firefox with a fresh profile and, with `extensionPath`, the
 * unpacked extension installed. `hosts` resolve to 127.0.0.1. `prefs` adds
 * to the profile's preferences (`{"intl.locale.requested": "de"}` for a
 * German Firefox; the language pack must be installed).
 */
export async function launchFirefox({ extensionPath, hosts = [], prefs: extraPrefs = {}, timeoutMs = 60_000 } = {}) {
  const profile = await mkdtemp(path.join(os.tmpdir(), "countersign-firefox-"));
  const uuid = randomUUID();
  const prefs = { ...profilePrefs({ hosts, uuid }), ...extraPrefs };
  await writeFile(
    path.join(profile, "user.js"),
    Object.entries(prefs).map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(""),
  );
  const { child, url } = startFirefox(profile, timeoutMs);
  let socket;
  try {
    const wsUrl = await url;
    socket = new WebSocket(`${wsUrl.replace(/\/$/, "")}/session`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
  } catch (error) {
    child.kill("SIGKILL");
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const bidi = new BiDi(socket);
  await bidi.send("session.new", { capabilities: { alwaysMatch: { acceptInsecureCerts: true, unhandledPromptBehavior: { default: "ignore" } } } });
  let extensionId = null;
  if (extensionPath) {
    const installed = await bidi.send("webExtension.install", { extensionData: { type: "path", path: extensionPath } });
    extensionId = installed.extension;
  }
  const base = `moz-extension://${uuid}/`;

  /** A tab (a top-level browsing context) and what the tests do with it. */
  function tab(context) {
    return {
      context,
      async goto(target, { wait = "complete" } = {}) {
        await bidi.send("browsingContext.navigate", { context, url: target, wait });
      },
      /** Runs `fn(...args)` in the tab (page or extension page); JSON in, JSON out. */
      async evaluate(fn, ...args) {
        const result = await bidi.send("script.callFunction", {
          functionDeclaration: `async (json) => { const value = await (${fn.toString()})(...JSON.parse(json)); return value === undefined ? "undefined" : JSON.stringify(value); }`,
          arguments: [{ type: "string", value: JSON.stringify(args) }],
          target: { context },
          awaitPromise: true,
          resultOwnership: "none",
        });
        return resultOf("evaluate", result);
      },
      /** Waits until `fn(...args)` returns a truthy value; returns it. */
      async waitFor(fn, { timeout = 30_000, interval = 100 } = {}, ...args) {
        const deadline = Date.now() + timeout;
        let last;
        while (Date.now() < deadline) {
          try {
            last = await this.evaluate(fn, ...args);
            if (last) return last;
          } catch (error) {
            last = error;
          }
          await new Promise((resolve) => setTimeout(resolve, interval));
        }
        throw new Error(`condition not met in time: ${fn.toString().slice(0, 200)}; last: ${String(last).slice(0, 500)}`);
      },
      async setViewport(width, height) {
        await bidi.send("browsingContext.setViewport", { context, viewport: { width, height } });
      },
      async screenshot(file) {
        const { data } = await bidi.send("browsingContext.captureScreenshot", { context, origin: "document" });
        await writeFile(file, Buffer.from(data, "base64"));
      },
      async close() {
        await bidi.send("browsingContext.close", { context }).catch(() => {});
      },
    };
  }

  return {
    bidi,
    extensionId,
    extensionBase: base,
    extensionUrl: (file) => `${base}${file}`,
    /** A handle on an existing browsing context (a tab found with browsingContext.getTree). */
    tab,
    async newTab(target) {
      const { context } = await bidi.send("browsingContext.create", { type: "tab" });
      const t = tab(context);
      if (target) await t.goto(target);
      return t;
    },
    async close() {
      await bidi.send("session.end").catch(() => {});
      socket.close();
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
      await rm(profile, { recursive: true, force: true });
    },
  };
}
