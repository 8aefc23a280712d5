// The user's settings, kept in chrome.storage.local (this browser only; not
// synced). Used by the service worker, the popup and the options page.
//
//   securityPhrase  words the user chose (or that were drawn at install),
//                   shown at the top of the popup: a page that draws a fake
//                   popup cannot know them.
//   securityColor   the background colour of that band.
//   recipients      the user's own email addresses, to check notices bound
//                   to a recipient (a notice forwarded from someone else's
//                   mailbox proves nothing about the message around it).

import { STORAGE } from "./messages.js";

export const SECURITY_COLORS = Object.freeze([
  "#1565c0", "#6a1b9a", "#00695c", "#ad1457", "#4e342e", "#283593", "#2e7d32", "#c43e00",
]);

/**
 * The name of each colour, as a message key of _locales: colour buttons and
 * the seal say "Blue", never "#1565c0" (a screen reader reads the label, and
 * nobody remembers a hex code).
 */
export const SECURITY_COLOR_NAMES = Object.freeze({
  "#1565c0": "colorBlue",
  "#6a1b9a": "colorPurple",
  "#00695c": "colorTeal",
  "#ad1457": "colorPink",
  "#4e342e": "colorBrown",
  "#283593": "colorIndigo",
  "#2e7d32": "colorGreen",
  "#c43e00": "colorOrange",
});

const PHRASE_WORDS = [
  "amber", "birch", "cobalt", "dune", "ember", "fjord", "granite", "harbor",
  "indigo", "juniper", "kestrel", "lagoon", "maple", "nectar", "orchid", "pebble",
  "quartz", "raven", "saffron", "thistle", "umber", "violet", "willow", "zephyr",
];

export const MAX_PHRASE_CHARS = 60;
export const MAX_RECIPIENTS = 10;

function randomIndex(n) {
  const [x] = crypto.getRandomValues(new Uint32Array(1));
  return x % n;
}

function isColor(value) {
  return typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value);
}

/** Cleans settings read from storage or typed by the user. */
export function normalizeSettings(stored) {
  const s = stored && typeof stored === "object" ? stored : {};
  return {
    securityPhrase: typeof s.securityPhrase === "string" ? s.securityPhrase.trim().slice(0, MAX_PHRASE_CHARS) : "",
    securityColor: isColor(s.securityColor) ? s.securityColor.toLowerCase() : SECURITY_COLORS[0],
    recipients: Array.isArray(s.recipients)
      ? s.recipients
          .filter((r) => typeof r === "string")
          .map((r) => r.trim())
          .filter((r) => /^[^\s@]+@[^\s@]+$/.test(r))
          .slice(0, MAX_RECIPIENTS)
      : [],
  };
}

export async function loadSettings() {
  const stored = (await chrome.storage.local.get(STORAGE.SETTINGS))[STORAGE.SETTINGS];
  return normalizeSettings(stored);
}

export async function saveSettings(settings) {
  const clean = normalizeSettings(settings);
  await chrome.storage.local.set({ [STORAGE.SETTINGS]: clean });
  return clean;
}

let ensuring = null;

/**
 * Draws a security phrase and colour at install, so the popup is hard to
 * fake from the first day even if the options page is never opened. Calls
 * made meanwhile share one draw (the worker's install handlers both ask).
 */
export function ensureSecurityPhrase() {
  ensuring ??= drawSecurityPhrase().finally(() => {
    ensuring = null;
  });
  return ensuring;
}

async function drawSecurityPhrase() {
  const stored = /** @type {any} */ ((await chrome.storage.local.get(STORAGE.SETTINGS))[STORAGE.SETTINGS]);
  if (stored?.securityPhrase) return;
  const word = () => PHRASE_WORDS[randomIndex(PHRASE_WORDS.length)];
  await saveSettings({
    ...(stored ?? {}),
    securityPhrase: `${word()} ${word()}`,
    securityColor: SECURITY_COLORS[randomIndex(SECURITY_COLORS.length)],
  });
}
