// The service worker's handlers for the extension's own pages (popup,
// welcome page, options), and the worker-side pieces of the first run and of
// "Someone is calling me".
//
// background.js imports this module and spreads uiHandlers(getEngine) into
// its handler table; the dispatcher there checks every message's trust tier
// first (all of these are EXTENSION tier: only this extension's pages may
// send them). Listeners below are registered while the module is evaluated,
// which is the worker's first, synchronous turn, as the browser requires.
//
//   UI_MSG.CHECK_TEXT    popup "Check anything"   -> check.js over the engine
//   UI_MSG.GET_OFFICIAL  official contacts of every vendor, numbers formatted
//   UI_MSG.GET_CALLS     announced calls due now / later, and the contacts
//                        to call back on when none is

import { checkText } from "./check.js";
import { callsAt, callsFromReport, mergeCalls } from "./calls.js";
import { LIMITS, STORAGE, UI_MSG, VERDICT } from "./messages.js";
import * as countersign from "./pkg/countersign.js";
import { ensureSecurityPhrase, loadSettings } from "./settings.js";

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * Every open vendor's official contacts, from its signed directory:
 * `[{ name, domains, phones: [{number, display, label}], emails, policies, verifyUrl }]`.
 * Works with one directory (`directory()`) and with several (`vendors()`).
 */
export function officialContacts(cs) {
  let directories = [];
  if (typeof cs.vendors === "function") {
    directories = (cs.vendors() ?? []).map((v) => v.directory).filter(Boolean);
  } else {
    const one = cs.directory();
    if (one.ok) directories = [one.directory];
  }
  return directories.map((d) => ({
    name: String(d.vendor?.name ?? ""),
    domains: (d.domains ?? []).map((x) => ({ domain: String(x.domain), subdomains: x.include_subdomains === true })),
    phones: (d.phones ?? []).map((p) => ({
      number: String(p.number),
      display: countersign.formatPhone(String(p.number)),
      label: String(p.label ?? ""),
    })),
    emails: (d.emails ?? []).map((e) => ({ address: String(e.address), label: String(e.label ?? "") })),
    policies: (d.policies ?? []).map((p) => String(p.text)),
    verifyUrl: String(d.verify_url ?? ""),
    expiresAt: Number(d.expires_at ?? 0),
  }));
}

/**
 * Records the scheduled calls that a verified notice announced, for
 * "Someone is calling me". `report` is a scan report or a tab's verdict
 * record; only notices that verified as the message they stand in count.
 * The in-page worker calls this after each scan; the storage listener below
 * does it for every verdict record that is stored.
 */
export async function recordCalls(report) {
  // One number format everywhere: a scan report's claims carry E.164.
  const added = callsFromReport(report).map((call) => ({
    ...call,
    contact: /^\+\d{6,15}$/.test(call.contact) ? countersign.formatPhone(call.contact) : call.contact,
  }));
  if (added.length === 0) return;
  const stored = (await chrome.storage.local.get(STORAGE.CALLS))[STORAGE.CALLS];
  await chrome.storage.local.set({ [STORAGE.CALLS]: mergeCalls(stored, added, nowSeconds()) });
}

/** The handlers, given the worker's memoised engine loader. */
export function uiHandlers(getEngine) {
  return {
    async [UI_MSG.CHECK_TEXT](message) {
      if (typeof message.text !== "string") {
        return { ok: false, code: "bad-message", message: "text must be a string" };
      }
      const text = message.text.slice(0, LIMITS.PASTE_CHARS ?? 64 * 1024);
      const cs = await getEngine();
      const settings = await loadSettings();
      return checkText(cs, countersign, text, { now: nowSeconds(), recipients: settings.recipients });
    },

    async [UI_MSG.GET_OFFICIAL]() {
      const cs = await getEngine();
      return { ok: true, vendors: officialContacts(cs) };
    },

    async [UI_MSG.GET_CALLS]() {
      const now = nowSeconds();
      const stored = (await chrome.storage.local.get(STORAGE.CALLS))[STORAGE.CALLS];
      const calls = callsAt(mergeCalls(stored, [], now), now);
      let vendors = [];
      try {
        vendors = officialContacts(await getEngine());
      } catch {
        // Without the engine there is still the advice to hang up.
      }
      return { ok: true, now, ...calls, vendors };
    },
  };
}

// A verdict record was stored for a tab: keep the calls its verified notices
// announce. A record whose verdict is a warning does not count, even with a
// notice that verified (a genuine notice copied into a scam page).
chrome.storage.session.onChanged?.addListener((changes) => {
  for (const [key, change] of Object.entries(changes)) {
    const record = /** @type {any} */ (change.newValue);
    if (!key.startsWith(STORAGE.TAB_PREFIX) || !record || record.verdict !== VERDICT.VERIFIED) continue;
    recordCalls(record).catch(() => {});
  }
});

// First run: a security phrase is drawn, then the welcome page opens to let
// the user make it theirs, give their email addresses and pin the icon.
chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== "install") return;
  ensureSecurityPhrase()
    .catch(() => {})
    .then(() => chrome.tabs.create({ url: chrome.runtime.getURL("welcome.html") }))
    .catch(() => {});
});
