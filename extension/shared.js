// Constants the content scripts and the service worker must agree on, from
// one source.
//
// Declared content scripts are classic scripts and cannot import modules,
// while the worker and the extension pages are modules. This file is both:
// it has no import or export, and sets one frozen global. The manifest lists
// it first among the content scripts (their isolated world, invisible to the
// page), and messages.js imports it for its side effect and re-exports the
// values.

globalThis.COUNTERSIGN_SHARED = Object.freeze({
  /** Message tags that cross between a tab and the worker. */
  MSG: Object.freeze({
    // content -> worker: the structured scan of the page (see messages.js).
    PAGE_SCAN: "page-scan",
    // worker -> content: what to show over the page now.
    //   { type, tip: boolean, marks: {kind, text, note}[], verified: {text, index}[] }
    PAGE_UI: "page-ui",
    // worker -> content: which document is this? Reply { doc }: the random
    // id the content script made at start, also sent with each PAGE_SCAN.
    PAGE_DOC: "page-doc",
  }),

  /** Limits on the scan; the worker enforces them again. */
  LIMITS: Object.freeze({
    TITLE_CHARS: 1024,
    BLOCKS: 4000,
    BLOCK_CHARS: 64 * 1024,
    // All block text together: 2 MiB of characters.
    TEXT_CHARS: 2 * 1024 * 1024,
    LINKS: 400,
    LINK_CHARS: 8192,
    FRAMES: 50,
    NOTICES: 16,
    NOTICE_CHARS: 8192,
    // Candidate bodies per notice, and the size of each.
    NOTICE_BEFORE: 5,
    BEFORE_CHARS: 256 * 1024,
    MESSAGE_FIELD_CHARS: 1024,
    MESSAGE_BODY_CHARS: 512 * 1024,
    RECIPIENTS: 20,
    MARKS: 50,
  }),

  /** What starts a notice in text. */
  MARKERS: Object.freeze({
    TOKEN: "CS1.",
    ARMOR_BEGIN: "BEGIN COUNTERSIGN NOTICE",
    ARMOR_END: "END COUNTERSIGN NOTICE",
  }),

  /** Roles a text block can have (the engine weighs headings more). */
  BLOCK_ROLES: Object.freeze(["heading", "text", "quote", "list-item", "button", "label", "caption", "pre"]),

  /** Behaviours of tech-support-scam pages the content script reports. */
  BEHAVIOURS: Object.freeze([
    "fullscreen",
    "pointerLock",
    "keyboardLock",
    "beforeUnload",
    "dialogLoop",
    "historyFlood",
    "autoplayAudio",
  ]),

  /**
   * Webmail hosts, by adapter (webmail/*.js). The first content script
   * sends their pages to the full scan (the adapters are part of it).
   */
  WEBMAIL_HOSTS: Object.freeze({
    gmail: Object.freeze(["mail.google.com"]),
    outlook: Object.freeze(["outlook.live.com", "outlook.office.com", "outlook.office365.com"]),
    yahoo: Object.freeze(["mail.yahoo.com"]),
  }),

  /** Name of the CSS highlights (content/page-ui.js styles them). */
  HIGHLIGHTS: Object.freeze({
    UNOFFICIAL: "countersign-unofficial",
    VERIFIED: "countersign-verified",
  }),

  /**
   * A 64-bit digest (two FNV-1a hashes) of `text`: what is kept of a read
   * or scan already judged, to tell an unchanged one without holding a
   * copy of the page's text for the life of the tab.
   * @param {string} text
   */
  digest(text) {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    return `${text.length}:${(a >>> 0).toString(36)}:${(b >>> 0).toString(36)}`;
  },
});
