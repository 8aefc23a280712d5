// From a page scan to the tab's verdict record.
//
//   cleanScan(message.scan)   CONTENT tier input: every field type- and
//        │                    size-checked (the page wrote it)
//        ▼
//   judge(cs, scan, ...) ──► cs.analyseScan(scan, {now, recipients})
//        │                   the engine's one typed entry point: all
//        │                   judgement is in Rust, no HTML is rebuilt here
//        ▼
//   record = { verdict, confidence, headline, summary, marks, notices,
//              official, tactics, ... }  stored in storage.session, shown by
//              the badge, popup, warning page and Safety Tip
//
// The record keeps the older fields (notices as {ok, encoding, notice},
// page.reasons) that the popup reads.

import { wasm as countersign } from "./engine.js";
import { BEHAVIOURS, BLOCK_ROLES, LIMITS, VERDICT, VERDICT_ORDER } from "./messages.js";

// ---------------------------------------------------------------------------
// The scan, checked.

function str(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

function list(value, max) {
  return Array.isArray(value) ? value.slice(0, max).filter((v) => v && typeof v === "object") : [];
}

/**
 * The scan with every field type- and size-checked; unknown fields dropped.
 * `url` is not taken from the page: the caller sets it from the sender.
 * @param {any} raw
 */
export function cleanScan(raw) {
  const s = raw && typeof raw === "object" ? raw : {};
  let chars = 0;
  const blocks = [];
  for (const b of list(s.blocks, LIMITS.BLOCKS)) {
    if (chars >= LIMITS.TEXT_CHARS) break;
    const text = str(b.text, Math.min(LIMITS.BLOCK_CHARS, LIMITS.TEXT_CHARS - chars));
    if (text === "") continue;
    chars += text.length;
    const role = BLOCK_ROLES.includes(b.role) ? b.role : "text";
    const block = { role, text };
    if (role === "heading") block.level = Number.isInteger(b.level) && b.level >= 1 && b.level <= 6 ? b.level : 2;
    blocks.push(block);
  }
  const scan = {
    url: "",
    title: str(s.title, LIMITS.TITLE_CHARS),
    lang: str(s.lang, 35),
    blocks,
    links: list(s.links, LIMITS.LINKS)
      .map((l) => ({ href: str(l.href, LIMITS.LINK_CHARS), text: str(l.text, 512) }))
      .filter((l) => /^(https?:|tel:|mailto:)/i.test(l.href)),
    frames: list(s.frames, LIMITS.FRAMES).map((f) => ({
      url: str(f.url, LIMITS.LINK_CHARS),
      sameOrigin: f.sameOrigin === true,
      coversPage: f.coversPage === true,
    })),
    notices: list(s.notices, LIMITS.NOTICES)
      .map((n) => ({
        text: str(n.text, LIMITS.NOTICE_CHARS),
        before: Array.isArray(n.before)
          ? n.before.slice(0, LIMITS.NOTICE_BEFORE).filter((b) => typeof b === "string").map((b) => b.slice(0, LIMITS.BEFORE_CHARS))
          : [],
      }))
      .filter((n) => n.text !== ""),
    hiddenNotices: Number.isInteger(s.hiddenNotices) && s.hiddenNotices > 0 ? Math.min(s.hiddenNotices, 10_000) : 0,
  };
  if (s.listView === true) scan.listView = true;
  if (s.message && typeof s.message === "object") {
    const m = s.message;
    scan.message = {
      senderName: str(m.senderName, LIMITS.MESSAGE_FIELD_CHARS),
      senderAddress: str(m.senderAddress, LIMITS.MESSAGE_FIELD_CHARS),
      subject: str(m.subject, LIMITS.MESSAGE_FIELD_CHARS),
      body: str(m.body, LIMITS.MESSAGE_BODY_CHARS),
      to: Array.isArray(m.to) ? m.to.slice(0, LIMITS.RECIPIENTS).map((t) => str(t, LIMITS.MESSAGE_FIELD_CHARS)) : [],
    };
  }
  if (s.behaviour && typeof s.behaviour === "object") {
    const behaviour = {};
    for (const name of BEHAVIOURS) if (s.behaviour[name] === true) behaviour[name] = true;
    if (Object.keys(behaviour).length > 0) scan.behaviour = behaviour;
  }
  if (s.tampered === true) scan.tampered = true;
  return scan;
}

// ---------------------------------------------------------------------------
// Notices pasted in the popup (pages are judged by analyseScan).

// Texts tried as a notice's message body, per notice.
const MAX_BODIES = 6;

/**
 * Verifies one notice token. With recipient addresses from the settings, a
 * notice bound to a recipient must be bound to one of them; a notice with a
 * body digest is checked against each candidate body. No match leaves it
 * verified with `body: "not-checked"` (what a page shows of a message is a
 * guess).
 */
export function verifyOne(cs, token, { now, recipients, bodies = [] }) {
  let result = null;
  let options = { now };
  for (const recipient of recipients.length > 0 ? recipients : [undefined]) {
    options = recipient ? { now, recipient } : { now };
    result = cs.verifyNotice(token, options);
    if (result.ok || result.code !== "not-for-recipient") break;
  }
  if (!result.ok || result.notice.body !== "not-checked") return result;
  for (const body of bodies.slice(0, MAX_BODIES)) {
    if (body.trim() === "") continue;
    const withBody = cs.verifyNotice(token, { ...options, body });
    if (withBody.ok) return withBody;
  }
  return result;
}

/** What the popup needs from a verification result. */
export function noticeSummary(encoding, result) {
  if (result.ok) return { ok: true, state: "verified", encoding, notice: result.notice };
  return { ok: false, state: "invalid", encoding, code: String(result.code), message: String(result.message) };
}

// ---------------------------------------------------------------------------
// The engine's entry point.

// Long texts cross into the engine as UTF-8 bytes: wasm-bindgen's glue
// copies a string into wasm memory one UTF-16 unit at a time in JS, bytes
// in one typed-array copy (docs/benchmarks.md). Short texts stay strings,
// where a Uint8Array of their own would cost more than it saves.
const encoder = new TextEncoder();
const BYTES_FROM = 256;

/** @param {string} text */
function engineText(text) {
  return text.length >= BYTES_FROM ? encoder.encode(text) : text;
}

/**
 * The scan as the engine takes it: block, notice and message body texts
 * as bytes when long. The scan itself is left as it was (the record is
 * built from it).
 * @param {ReturnType<typeof cleanScan>} scan
 */
function engineScan(scan) {
  /** @type {any} */
  const out = { ...scan };
  if (Array.isArray(scan.blocks)) out.blocks = scan.blocks.map((b) => ({ ...b, text: engineText(b.text) }));
  if (Array.isArray(scan.notices)) out.notices = scan.notices.map((n) => ({ ...n, text: engineText(n.text) }));
  if (scan.message) out.message = { ...scan.message, body: engineText(scan.message.body) };
  return out;
}

/**
 * Judges a cleaned scan. Returns the tab's record (without tabId).
 * @param {any} cs the open engine handle
 * @param {ReturnType<typeof cleanScan>} scan with `url` set by the caller
 * @param {{recipients: string[]}} settings
 * @param {number} now seconds
 */
export function judge(cs, scan, settings, now) {
  const report = cs.analyseScan(engineScan(scan), { now, recipients: settings.recipients });
  if (!report || report.ok !== true) {
    throw Object.assign(new Error(String(report?.message ?? "no report")), { code: String(report?.code ?? "internal") });
  }
  return fromReport(scan, report, now);
}

/**
 * A notice's claims as the extension's pages read them: the names
 * verifyNotice uses (camelCase, the contact also in display form).
 */
function claimsView(c) {
  const contact = String(c.contact ?? "");
  return {
    ...c,
    contactDisplay: contact.startsWith("+") ? countersign.formatPhone(contact) : contact,
    contactLabel: c.contactLabel ?? c.contact_label ?? "",
    notBefore: c.notBefore ?? c.not_before,
    expiresAt: c.expiresAt ?? c.expires_at,
    signerName: c.signerName ?? c.signer ?? "",
    signerTeam: c.signerTeam ?? c.team ?? "",
  };
}

/** The record for the engine's ScanReport. */
function fromReport(scan, report, now) {
  const verdict = VERDICT_ORDER.includes(report.verdict) ? report.verdict : VERDICT.CLEAN;
  const views = Array.isArray(report.notices) ? report.notices : [];
  // The engine reports one notice per notice sent, in order, when none was
  // a duplicate; then each one's encoding is how the page wrote it.
  const aligned = views.length === scan.notices.length;
  const encodingOf = (i) => (aligned ? countersign.findNotices(scan.notices[i].text)[0]?.encoding : undefined) ?? "token";
  const notices = views.map((n, i) =>
    n.state === "verified" && n.notice
      ? { ok: true, state: "verified", encoding: encodingOf(i), notice: claimsView(n.notice), message: String(n.message ?? "") }
      : { ok: false, state: String(n.state), encoding: encodingOf(i), code: String(n.code ?? n.state), message: String(n.message ?? "") },
  );
  let confidence = ["high", "low"].includes(report.confidence) ? report.confidence : "none";
  // A page that keeps removing the Safety Tip gets the full-tab warning:
  // the tip could not be shown, not a new judgement of the page.
  if (confidence === "low" && scan.tampered) confidence = "high";
  const reasons = Array.isArray(report.report?.reasons) ? report.report.reasons : [];
  const score = typeof report.score === "number" ? report.score : null;
  return {
    url: scan.url,
    title: scan.title,
    checkedAt: now,
    engine: "scan",
    vendor: String(report.vendor ?? ""),
    verdict,
    confidence,
    score,
    headline: String(report.headline ?? ""),
    summary: (Array.isArray(report.summary) ? report.summary : []).slice(0, 3).map((f) => String(f?.message ?? f)),
    // The same facts by code and values, for the pages to say in the
    // user's language (facts.js); `summary` keeps the English sentences.
    facts: factsOf(report.summary),
    marks: (Array.isArray(report.marks) ? report.marks : []).slice(0, LIMITS.MARKS)
      .map((m) => ({ kind: String(m.kind), text: String(m.text), note: String(m.note), display: markDisplay(m) })),
    notices,
    // Where each notice stands, to mark the verified ones; only when the
    // engine reported one notice per notice sent, so they line up.
    noticeTexts: aligned ? scan.notices.map((n) => firstLine(n.text)) : [],
    official: report.official ?? null,
    tactics: Array.isArray(report.tactics) ? report.tactics.map(String) : [],
    page: {
      engine: "scan",
      verdict,
      score,
      reasons: reasons
        .filter((r) => !HIDDEN_REASONS.has(r.code))
        .slice(0, 20)
        .map((r) => ({ code: String(r.code), message: String(r.message) })),
    },
  };
}

/** The engine's facts as `{code, args, message}`, at most three. */
export function factsOf(summary) {
  return (Array.isArray(summary) ? summary : [])
    .filter((f) => f && typeof f === "object" && typeof f.code === "string")
    .slice(0, 3)
    .map((f) => ({
      code: f.code.slice(0, 64),
      args: (Array.isArray(f.args) ? f.args : []).slice(0, 9).map((a) => String(a).slice(0, 600)),
      message: String(f.message ?? "").slice(0, 1200),
    }));
}

/** A marked contact in the one display form (numbers grouped as the directory's are). */
function markDisplay(m) {
  const digits = String(m.digits ?? "").replace(/\D/g, "");
  if (m.kind === "phone" && digits.length >= 6 && digits.length <= 15) return countersign.formatPhone(`+${digits}`);
  return String(m.text);
}

/** The first line of a notice as the page shows it: what gets marked. */
function firstLine(text) {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.trim().slice(0, 80);
}

// Engine reasons not listed: each notice gets its own card, and "nothing
// claims to be the vendor" is the clean headline.
const HIDDEN_REASONS = new Set(["notice-valid", "notice-invalid", "no-claim"]);
