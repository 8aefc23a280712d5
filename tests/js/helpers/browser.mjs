// Shared helpers for the browser tests: the static site server and a fresh
// headless Chromium.
//
// Chromium is Debian's (/usr/bin/chromium, installed by
// `scripts/setup.sh --browser`), driven by playwright-core, which downloads
// no browser of its own. Set CHROMIUM to use another binary.

import { mkdtemp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

import { startServer } from "../../../scripts/serve.mjs";
import { ROOT } from "./wasm.mjs";

/** The Chromium binary the tests drive. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a quiet, hermetic headless browser (no network of its own). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser tests cannot run here, or null when they can. */
export function browserUnavailable() {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser)`;
  if (!existsSync(path.join(ROOT, "dist/www/pkg/countersign_bg.wasm"))) {
    return "dist/www is not built (run scripts/build.sh)";
  }
  return null;
}

/**
 * Serves `root` (default dist/www) on a free port of 127.0.0.1.
 * Returns `{url, port, close()}`.
 */
export function startSite(root = path.join(ROOT, "dist/www")) {
  return startServer({ root, port: 0, host: "127.0.0.1" });
}

/**
 * Launches Chromium with a fresh, throw-away user-data-dir. With
 * `extensionPath`, loads that unpacked extension (headless Chromium supports
 * extensions with the new headless mode). Returns `{context, close()}`;
 * close() also deletes the profile.
 */
export async function launchChromium({ extensionPath, args = [] } = {}) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "countersign-chromium-"));
  const extensionArgs = extensionPath
    ? [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`]
    : [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extensionArgs, ...args],
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects the page's console errors and uncaught exceptions, so a test can
 * assert that a page ran cleanly (a CSP violation shows up here too).
 */
export function collectErrors(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}
