// Every message exchanged inside the extension, in one place.
//
// Each message is a plain object with a `type` tag from `MSG`; the shapes
// are documented next to each tag. The service worker (background.js) is the
// only receiver. Messages fall into two trust tiers, decided by the *sender*
// the browser reports, never by anything the message says about itself:
//
//   CONTENT tier   sent by content.js from inside a web page. Its fields are
//                  page data (text, links) and are treated as hostile input:
//                  size-checked, never rendered as HTML, never believed.
//                  The tab and URL come from `sender`, not from the message.
//   EXTENSION tier sent by the extension's own pages (popup, options). The
//                  sender's URL must be inside this extension.
//
// content.js cannot import modules (declared content scripts are classic
// scripts), so it repeats the one tag it sends; a test checks that the copy
// matches PAGE_SCAN here.

/** Message tags. */
export const MSG = Object.freeze({
  // CONTENT tier. content.js -> background. Reply: { ok: true } or
  // { ok: false, code, message }.
  //   { type, text: string, title: string,
  //     links: { tel: string[], mailto: string[], notices: string[] },
  //     contexts: string[] }
  // `text` is the page's visible text (bounded); `contexts` are the texts of
  // the smallest page elements that contain a notice candidate, so that the
  // words before a notice can be checked against its body digest.
  PAGE_SCAN: "page-scan",

  // EXTENSION tier. popup -> background. Reply: { ok: true, record } where
  // record is the tab's stored verdict (see background.js) or null.
  //   { type, tabId: number }
  GET_TAB_VERDICT: "get-tab-verdict",

  // EXTENSION tier. popup -> background: verify text the user pasted (a
  // token, armored block or verify link received by SMS, chat, ...).
  // Reply: a notice result (see background.js `verifyOne`).
  //   { type, text: string }
  VERIFY_TEXT: "verify-text",

  // EXTENSION tier. options/popup -> background. Reply:
  //   { ok: true, vendor, domains, emails, phones, policies } or an error.
  //   { type }
  GET_DIRECTORY: "get-directory",
});

/** Which tier each tag belongs to. A tag missing here is refused. */
export const TIER = Object.freeze({
  [MSG.PAGE_SCAN]: "content",
  [MSG.GET_TAB_VERDICT]: "extension",
  [MSG.VERIFY_TEXT]: "extension",
  [MSG.GET_DIRECTORY]: "extension",
  ...Object.fromEntries(Object.values(uiMessages()).map((type) => [type, "extension"])),
});

/** Limits on CONTENT tier fields; larger input is cut or refused. */
export const LIMITS = Object.freeze({
  // Visible text of a page; webmail threads fit comfortably.
  TEXT_CHARS: 2 * 1024 * 1024,
  TITLE_CHARS: 1024,
  // Links of each kind.
  LINKS: 200,
  LINK_CHARS: 8192,
  // Notice contexts, and the size of each (a notice is under 600 bytes; the
  // message around it is what the body digest covers).
  CONTEXTS: 16,
  CONTEXT_CHARS: 256 * 1024,
  // Pasted text in the popup.
  PASTE_CHARS: 64 * 1024,
});

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
  // storage.local: scheduled calls announced by verified notices the user
  // has seen, for "Someone is calling me" (calls.js).
  CALLS: "announcedCalls",
  // storage.local: sites the user said are not scams, host -> {at, verdict}
  // (written by the warning page, listed with "undo" in the options).
  ALLOWED_SITES: "allowedSites",
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
