// Every message exchanged inside the extension, in one place.
//
// Each message is a plain object with a `type` tag from `MSG`; the shapes
// are documented next to each tag. The service worker (background.js) is the
// only receiver. Messages fall into two trust tiers, decided by the *sender*
// the browser reports, never by anything the message says about itself:
//
//   CONTENT tier   sent by content/main.js from inside a web page. Its fields are
//                  page data (text, links) and are treated as hostile input:
//                  size-checked, never rendered as HTML, never believed.
//                  The tab and URL come from `sender`, not from the message.
//   EXTENSION tier sent by the extension's own pages (popup, options,
//                  warning, tip). The sender's URL must be inside this
//                  extension; some tags also name the one page that may
//                  send them (SENDER_PAGE).
//
// The content scripts cannot import modules (declared content scripts are
// classic scripts), so the tags and limits they share with the worker live
// in shared.js, which both load; this module re-exports them.
//
// Blocks owned by other parts of the extension (popup and options UI, vendor
// directories) are appended at the end, each between its own marker
// comments.

import "./shared.js";

const SHARED = globalThis.COUNTERSIGN_SHARED;

/** Message tags the worker receives. */
export const MSG = Object.freeze({
  // CONTENT tier. content/main.js -> worker. Reply: { ok: true } or
  // { ok: false, code, message }; the page learns nothing of the verdict.
  //   { type, scan: Scan }   (Scan: docs/extension.md; `url` is the sender's)
  //   { type, scan, quick: true, force } the cheap first read; reply { ok, nothing }
  PAGE_SCAN: SHARED.MSG.PAGE_SCAN,

  // EXTENSION tier. popup -> background. Reply: { ok: true, record } where
  // record is the tab's stored verdict (see judge.js) or null.
  //   { type, tabId: number }
  GET_TAB_VERDICT: "get-tab-verdict",

  // EXTENSION tier. popup -> background: verify text the user pasted (a
  // token, armored block or verify link received by SMS, chat, ...).
  // Reply: a notice result (see judge.js `verifyOne`).
  //   { type, text: string }
  VERIFY_TEXT: "verify-text",

  // EXTENSION tier. options/popup -> background. Reply:
  //   { ok: true, vendor, domains, emails, phones, policies } or an error.
  //   { type }
  GET_DIRECTORY: "get-directory",

  // EXTENSION tier, warning.html only. Reply: { ok: true, warning } where
  // warning = { url, host, record } for the sender's own tab, or null.
  //   { type }
  GET_WARNING: "get-warning",

  // EXTENSION tier, warning.html only: the user's choice.
  //   { type, action: "back" | "official" | "continue" }
  // "continue" remembers the site in STORAGE.ALLOWED_SITES and reopens it.
  WARNING_ACTION: "warning-action",

  // EXTENSION tier, tip.html (framed in the sender's tab) only. Reply:
  //   { ok: true, record, mark } for the sender's tab; `mark` is entry
  //   `mark` of the record's marks (unofficial contacts, then verified notices).
  //   { type, mark?: number }
  GET_TIP: "get-tip",

  // EXTENSION tier, tip.html only: hide the Safety Tip on this page, or
  // trust the site ("this is not a scam", remembered like "continue").
  //   { type, action: "dismiss" | "not-scam" }
  TIP_ACTION: "tip-action",

  // --- Vendors (handlers in vendor-handlers.js; the store in vendors.js) ---
  // All EXTENSION tier, from the options page. Every reply is
  // { ok: true, ... } or { ok: false, code, message }.
  //
  // The vendors trusted: { ok, builtIn: [{name}], vendors: [VendorView],
  // managedProblems: [{url, message}] } (VendorView: see vendor-handlers.js).
  //   { type }
  VENDOR_LIST: "vendor-list",
  // Fetch and verify a vendor's directory without trusting it yet, to show
  // its card: { ok, previewId, card, url }. `url` is a directory address or
  // a vendor link (`...directory.json#root=CSPK1...`); `root` may be empty
  // when the link carries it.
  //   { type, url: string, root: string }
  VENDOR_PREVIEW: "vendor-preview",
  // Trust the previewed directory: { ok, vendor: VendorView }.
  //   { type, previewId: string }
  VENDOR_ADD: "vendor-add",
  // Stop trusting a vendor the user added (managed ones cannot be removed).
  //   { type, url: string }
  VENDOR_REMOVE: "vendor-remove",
  // Refresh now (one vendor, or all): { ok, vendors: [VendorView] }.
  //   { type, url?: string }
  VENDOR_REFRESH: "vendor-refresh",
  // --- end vendors ---
});

/** Messages the worker sends to a tab's content script (it never receives them). */
export const TO_TAB = Object.freeze({
  //   { type, tip: boolean, undo: boolean, marks: {text}[], verified: {text, index}[] }
  PAGE_UI: SHARED.MSG.PAGE_UI,
  //   { type } reply { doc }: which document the tab's top frame holds now
  PAGE_DOC: SHARED.MSG.PAGE_DOC,
});

/** Which tier each tag belongs to. A tag missing here is refused. */
export const TIER = Object.freeze({
  [MSG.PAGE_SCAN]: "content",
  [MSG.GET_TAB_VERDICT]: "extension",
  [MSG.VERIFY_TEXT]: "extension",
  [MSG.GET_DIRECTORY]: "extension",
  [MSG.GET_WARNING]: "extension",
  [MSG.WARNING_ACTION]: "extension",
  [MSG.GET_TIP]: "extension",
  [MSG.TIP_ACTION]: "extension",
  // --- Vendors ---
  [MSG.VENDOR_LIST]: "extension",
  [MSG.VENDOR_PREVIEW]: "extension",
  [MSG.VENDOR_ADD]: "extension",
  [MSG.VENDOR_REMOVE]: "extension",
  [MSG.VENDOR_REFRESH]: "extension",
  // --- end vendors ---
  ...Object.fromEntries(Object.values(uiMessages()).map((type) => [type, "extension"])),
});

/**
 * Tags that only one extension page may send: the path its URL must have.
 * tip.html is web-accessible (a page can frame it), so what it may do is
 * limited to its own tab's tip; warning.html is not web-accessible.
 */
export const SENDER_PAGE = Object.freeze({
  [MSG.GET_WARNING]: "/warning.html",
  [MSG.WARNING_ACTION]: "/warning.html",
  [MSG.GET_TIP]: "/tip.html",
  [MSG.TIP_ACTION]: "/tip.html",
});

/** Limits on CONTENT tier fields (from shared.js); larger input is cut. */
export const LIMITS = Object.freeze({
  ...SHARED.LIMITS,
  // Pasted text in the popup.
  PASTE_CHARS: 64 * 1024,
});

/** Shared constants, re-exported for the worker and the extension pages. */
export const { MARKERS, BLOCK_ROLES, BEHAVIOURS, HIGHLIGHTS, digest } = SHARED;

/** Verdicts, from the most to the least alarming. */
export const VERDICT = Object.freeze({
  IMPERSONATION: "impersonation",
  INVALID_NOTICE: "invalid-notice",
  VERIFIED: "verified",
  SUSPICIOUS: "suspicious",
  OFFICIAL: "official",
  CLEAN: "clean",
});

/**
 * Which verdict a tab shows when several apply; index 0 wins. A verified
 * notice outranks "suspicious": that page heuristic fires on any page that
 * mentions the vendor's support off its domains, which is exactly what a
 * genuine support email in webmail looks like, while the notice is a
 * signature check. It never outranks a look-alike domain or a bad notice.
 */
export const VERDICT_ORDER = Object.freeze([
  VERDICT.IMPERSONATION,
  VERDICT.INVALID_NOTICE,
  VERDICT.VERIFIED,
  VERDICT.SUSPICIOUS,
  VERDICT.OFFICIAL,
  VERDICT.CLEAN,
]);

/** Keys used in chrome.storage. */
export const STORAGE = Object.freeze({
  // storage.session (never written to disk, not readable by content
  // scripts): "tab:<tabId>" -> verdict record.
  TAB_PREFIX: "tab:",
  // storage.local: the user's settings.
  SETTINGS: "settings",
  // storage.session: "warning:<tabId>" -> { url, host, record } for the
  // full-tab warning now shown in that tab (never in the warning's URL).
  WARNING_PREFIX: "warning:",
  // storage.session: "tipDismissed:<tabId>" -> the page URL whose Safety
  // Tip the user closed.
  TIP_DISMISSED_PREFIX: "tipDismissed:",
  // storage.local: sites the user said are not scams, host ->
  // { at: seconds, verdict }. Listed and undoable in the options page.
  ALLOWED_SITES: "allowedSites",
  // storage.local: scheduled calls announced by verified notices the user
  // has seen, for "Someone is calling me" (calls.js).
  CALLS: "announcedCalls",
});

// ---- UI messages: popup, welcome page, options (handlers in ui-handlers.js) ----
// All EXTENSION tier. A function declaration, so TIER above can list them.
function uiMessages() {
  return {
    // "Check anything". { type, text } -> check.js `checkText` answer.
    CHECK_TEXT: "ui-check-text",
    // { type } -> { ok, vendors: [{ name, domains, phones: [{number, display, label}],
    //               emails, policies, verifyUrl, expiresAt }] }
    GET_OFFICIAL: "ui-get-official",
    // "Someone is calling me". { type } -> { ok, now, due, upcoming, past, vendors }
    GET_CALLS: "ui-get-calls",
  };
}

/** Message tags of the extension's own pages. */
export const UI_MSG = Object.freeze(uiMessages());
// ---- end of UI messages ----
