// The engine's facts in the user's language.
//
// The engine decides which facts a person needs (src/detect/summary.rs) and
// gives each as `{code, args, message}`: a stable code, the values it quotes
// (the vendor's name first, then a number, an address, a host...) and the
// sentence in English. The popup, the full-tab warning and the Safety Tip
// say each fact from _locales by its code, with the values filled in; the
// English sentence is shown only for a code this catalogue does not know (an
// engine newer than its messages), so nothing is ever left unsaid.
//
//   fact ─► FACTS[code] ─► enough args? ─► getMessage(key, args)
//                │               └─ no ──► English UI: the engine's sentence
//                │                         else: getMessage(short key, [name])
//                └─ unknown code ────────► the engine's English sentence
//
// The values come from pages and directories: each is made plain (no
// control or reordering characters, bounded) before it reaches a message,
// and every page sets the result as text, never as HTML.
//
// Pure: the lookup function is passed in (chrome.i18n.getMessage in the
// pages), so the rules are tested in Node.

/**
 * The message key of each code, how many args its full sentence needs, and
 * a shorter sentence naming only the vendor (args[0]) for when the engine
 * found no value to quote.
 */
export const FACTS = Object.freeze({
  "unofficial-phone": ["factUnofficialPhone", 3, "factUnofficialPhoneShort"],
  "unofficial-email": ["factUnofficialEmail", 3, "factUnofficialEmailShort"],
  "lookalike-email": ["factLookalikeEmail", 3, "factLookalikeEmailShort"],
  "free-mail": ["factFreeMail", 3, "factFreeMailShort"],
  "display-name": ["factDisplayName", 2, "factDisplayNameShort"],
  "lookalike-domain": ["factLookalikeDomain", 3, "factLookalikeDomainShort"],
  "lookalike-sender": ["factLookalikeSender", 3, "factLookalikeSenderShort"],
  "lookalike-link": ["factLookalikeLink", 3, "factLookalikeLinkShort"],
  "lookalike-frame": ["factLookalikeFrame", 3, "factLookalikeFrameShort"],
  "covering-frame": ["factCoveringFrame", 1],
  "policy-contradiction": ["factPolicyContradiction", 1],
  "presents-as-support": ["factPresentsAsSupport", 1],
  "presents-as-vendor": ["factPresentsAsVendor", 1],
  "scam-tactic": ["factScamTactic", 1],
  "scam-pattern": ["factScamPattern", 1],
  "scam-behaviour": ["factScamBehaviour", 1],
  urgency: ["factUrgency", 1],
  "reply-to": ["factReplyTo", 1],
  "tel-link-mismatch": ["factTelLinkMismatch", 1],
  "authentication-failed": ["factAuthenticationFailed", 1],
  "disguised-brand": ["factDisguisedBrand", 1],
  "hidden-notice": ["factHiddenNotice", 1],
  "notice-invalid": ["factNoticeInvalid", 1],
  "notice-copied": ["factNoticeCopied", 1],
  "notice-partly-signed": ["factNoticePartlySigned", 1],
  "notice-does-not-cover": ["factNoticeDoesNotCover", 1],
});

/**
 * A notice that did not verify: the key of each code (the engine's error
 * code, or the notice's state), said with the vendor's name.
 */
export const NOTICE_REASONS = Object.freeze({
  "bad-signature": "noticeReasonBadSignature",
  "unknown-key": "noticeReasonUnknownKey",
  "revoked-key": "noticeReasonRevokedKey",
  "key-not-valid": "noticeReasonKeyNotValid",
  "wrong-vendor": "noticeReasonWrongVendor",
  expired: "noticeReasonExpired",
  "not-yet-valid": "noticeReasonNotYetValid",
  "unofficial-contact": "noticeReasonUnofficialContact",
  "not-for-recipient": "noticeReasonNotForRecipient",
  "body-mismatch": "noticeReasonBodyMismatch",
  "malformed-notice": "noticeReasonMalformed",
  "malformed-claims": "noticeReasonMalformed",
  copied: "noticeReasonCopied",
  incomplete: "noticeReasonIncomplete",
});

// C0/C1 controls and the characters that reorder text (bidi overrides,
// isolates and marks): a value could use them to make one name read as
// another. Shown as U+FFFD so that the trick is visible.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A value for a message: plain, one line, bounded. */
export function plainArg(value, max = 300) {
  const s = String(value ?? "").replace(UNSAFE, "\ufffd").trim();
  return s.length > max ? `${s.slice(0, max - 1)}\u2026` : s;
}

/** A full stop at the end of an English sentence that has none. */
function sentence(text) {
  const s = plainArg(text, 600);
  return s === "" || /[.!?\u2026]$/.test(s) ? s : `${s}.`;
}

/**
 * The engine gives several official addresses as one value joined with
 * " or " (English); the user's language joins them with its own word.
 * Addresses have no spaces, so the split is exact.
 */
function joinAlternatives(value, getMessage) {
  const or = getMessage("factOr") || "or";
  return value.split(" or ").join(` ${or} `);
}

/**
 * A fact as the user reads it. `fact` is `{code, args, message}` (or a
 * plain English string, from an older record); `getMessage(key, subs)`
 * returns "" for a key the catalogue does not have.
 */
export function factText(fact, getMessage) {
  if (typeof fact === "string") return sentence(fact);
  if (!fact || typeof fact !== "object") return "";
  const english = sentence(typeof fact.message === "string" ? fact.message : "");
  const entry = FACTS[String(fact.code)];
  if (!entry) return english;
  const [key, needs, short] = entry;
  const args = (Array.isArray(fact.args) ? fact.args : []).map((a) => plainArg(a)).slice(0, 9);
  if (args.length > 0 && args[0] === "") args[0] = getMessage("theVendor") || "the vendor";
  if (args.length >= needs && args.slice(0, needs).every((a) => a !== "")) {
    const subs = args.map((a, i) => (i > 0 ? joinAlternatives(a, getMessage) : a));
    return getMessage(key, subs) || english;
  }
  // Without the values the full sentence quotes: in English the engine's own
  // sentence says more than the short one; in another language the short
  // one is still the user's.
  if ((getMessage("langCode") || "en") === "en" && english !== "") return english;
  if (short && args.length >= 1) return getMessage(short, [args[0]]) || english;
  return english;
}

/** The facts of a record, said in the user's language, at most `max`. */
export function factLines(facts, getMessage, max = 3) {
  return (Array.isArray(facts) ? facts : [])
    .map((f) => factText(f, getMessage))
    .filter((line) => line !== "")
    .slice(0, max);
}

/**
 * Why a notice did not verify, in the user's language: by its code (the
 * engine's error code or the notice's state), else the engine's English.
 */
export function noticeReasonText(entry, vendor, getMessage) {
  const key = NOTICE_REASONS[String(entry?.code ?? entry?.state ?? "")];
  const text = key ? getMessage(key, [plainArg(vendor) || getMessage("theVendor") || "the vendor"]) : "";
  return text || sentence(entry?.message ?? "");
}

/**
 * The note on a marked contact: "+1 888 555 0199 is not Northwind's
 * number. Theirs: …", with the vendor's official contacts from the record.
 */
export function markNoteText(mark, record, getMessage) {
  const vendor = plainArg(record?.vendor || record?.official?.name || "") || getMessage("theVendor") || "the vendor";
  const official = record?.official ?? {};
  const kind = mark?.contactKind ?? mark?.kind;
  const theirs = kind === "phone"
    ? (official.phones ?? []).slice(0, 3).map((p) => plainArg(p.display ?? p.number))
    : kind === "email" ? (official.emails ?? []).slice(0, 2).map((e) => plainArg(e.address))
    : kind === "link" ? (official.domains ?? []).slice(0, 1).map((d) => plainArg(typeof d === "string" ? d : d?.domain)) : [];
  const key = { phone: "markNoteNumber", email: "markNoteAddress", link: "markNoteSite" }[kind];
  if (!key) return sentence(mark?.note ?? "");
  const text = plainArg(mark.display || mark.text);
  const or = ` ${getMessage("factOr") || "or"} `;
  const said = theirs.length > 0
    ? getMessage(`${key}Theirs`, [text, vendor, theirs.join(kind === "phone" ? ", " : or)])
    : getMessage(key, [text, vendor]);
  return said || sentence(mark?.note ?? "");
}
