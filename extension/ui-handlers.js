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
//   UI_MSG.GET_OFFICIAL  official contacts of every vendor, numbers formatted,
//                        and the vendors whose directory is stale or expired
//   UI_MSG.GET_CALLS     announced calls due now / later, and the contacts
//                        to call back on when none is

import { checkText, looksLikeRawEmail } from "./check.js";
import { callsAt, callsFromReport, mergeCalls } from "./calls.js";
import { LIMITS, STORAGE, UI_MSG, VERDICT } from "./messages.js";
import * as countersign from "./pkg/countersign.js";
import { ensureSecurityPhrase, loadSettings } from "./settings.js";
import { STATUS, loadRecords, plainText, recordStatus } from "./vendors.js";
import { loadMailReader } from "./wasm-loader.js";

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
  return directories.map(contactsOf);
}

/** One directory's official contacts, as officialContacts lists them. */
function contactsOf(d) {
  // Directory text, made plain and bounded before any page shows it.
  return {
    name: plainText(d.vendor?.name ?? "", 120),
    domains: (d.domains ?? []).map((x) => ({ domain: plainText(x.domain, 253), subdomains: x.include_subdomains === true })),
    phones: (d.phones ?? []).map((p) => ({
      number: String(p.number),
      display: countersign.formatPhone(String(p.number)),
      label: plainText(p.label ?? "", 120),
    })),
    emails: (d.emails ?? []).map((e) => ({ address: plainText(e.address, 254), label: plainText(e.label ?? "", 120) })),
    policies: (d.policies ?? []).map((p) => plainText(p.text, 600)),
    verifyUrl: plainText(d.verify_url ?? "", 300),
    expiresAt: Number(d.expires_at ?? 0),
  };
}

/**
 * The stored vendors that cannot be fully relied on at `now`, in the
 * vendor store's words (vendors.js recordStatus): `[{name, status, since,
 * expiresAt, contacts}]`, status "stale" (refresh failing for a day; the
 * copy in hand is still used) or "expired" (its notices are no longer
 * vouched for). `contacts` are those of the last directory accepted, read as
 * of just before it expired, so that the user can still reach the vendor
 * through channels it signed, even when Countersign can no longer vouch for
 * anything in its name.
 */
export async function vendorsNeedingAttention(now) {
  const out = [];
  for (const record of await loadRecords()) {
    const { status } = recordStatus(record, now);
    if (status === STATUS.CURRENT) continue;
    let contacts = null;
    try {
      const opened = countersign.Countersign.openDirectory(record.envelope, record.root, record.expiresAt - 1, record.state);
      if (opened.ok) {
        const view = opened.countersign.directory();
        if (view.ok) contacts = contactsOf(view.directory);
        opened.countersign.free?.();
      }
    } catch {
      // Named without contacts: the status is still worth saying.
    }
    out.push({
      name: plainText(record.name, 120),
      status,
      since: Number(record.lastSuccessAt ?? 0),
      expiresAt: Number(record.expiresAt ?? 0),
      contacts,
    });
  }
  return out;
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
      // The mail package is loaded only for a raw email.
      const readRawEmail = looksLikeRawEmail(text.trim()) ? await loadMailReader() : undefined;
      const free = { findNotices: countersign.findNotices, formatPhone: countersign.formatPhone, readRawEmail };
      return checkText(cs, free, text, { now: nowSeconds(), recipients: settings.recipients });
    },

    async [UI_MSG.GET_OFFICIAL]() {
      // The vendors needing attention are read from the store, not the
      // engine: they are said even when no directory can be opened.
      const attention = await vendorsNeedingAttention(nowSeconds()).catch(() => []);
      let vendors = [];
      try {
        vendors = officialContacts(await getEngine());
      } catch (error) {
        if (attention.length === 0) throw error;
      }
      return { ok: true, vendors, attention };
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
