// From a page scan to the tab's verdict record.
//
//   cleanScan(message.scan)   CONTENT tier input: every field type- and
//        │                    size-checked (the page wrote it)
//        ▼
//   judge(cs, scan, ...) ──► cs.analyseScan(scan, {now, recipients})
//        │                   the engine's one typed entry point: all
//        │                   judgement is in Rust
//        └─ (a wasm build without analyseScan) legacyJudge(): the notices
//           with verifyNotice, the page with analysePage/analyseWebmail
//        ▼
//   record = { verdict, confidence, headline, summary, marks, notices,
//              official, tactics, ... }  stored in storage.session, shown by
//              the badge, popup, warning page and Safety Tip
//
// The record keeps the older fields (notices as {ok, encoding, notice},
// page.reasons) that the popup reads.

import { wasm as countersign } from "./engine.js";
import { BEHAVIOURS, BLOCK_ROLES, LIMITS, MARKERS, VERDICT, VERDICT_ORDER } from "./messages.js";

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
// Notices (used by the legacy path and by the popup's paste box).

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

/**
 * Judges a cleaned scan. Returns the tab's record (without tabId).
 * @param {any} cs the open engine handle
 * @param {ReturnType<typeof cleanScan>} scan with `url` set by the caller
 * @param {{recipients: string[]}} settings
 * @param {number} now seconds
 */
export function judge(cs, scan, settings, now) {
  if (typeof cs.analyseScan === "function") {
    const report = cs.analyseScan(scan, { now, recipients: settings.recipients });
    if (!report || report.ok !== true) {
      throw Object.assign(new Error(String(report?.message ?? "no report")), { code: String(report?.code ?? "internal") });
    }
    return fromReport(scan, report, now);
  }
  return legacyJudge(cs, scan, settings, now);
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
    marks: (Array.isArray(report.marks) ? report.marks : []).slice(0, LIMITS.MARKS)
      .map((m) => ({ kind: String(m.kind), text: String(m.text), note: String(m.note) })),
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

/** The first line of a notice as the page shows it: what gets marked. */
function firstLine(text) {
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
  return line.trim().slice(0, 80);
}

// ---------------------------------------------------------------------------
// Legacy path: a wasm build without analyseScan. Removed when every build
// has it; until then it applies the same rules where JavaScript can.

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` without the notices in it, each replaced by a short placeholder. */
function withoutNotices(text) {
  let out = "";
  let from = 0;
  for (const found of countersign.findNotices(text)) {
    if (found.start < from) continue;
    let end;
    if (found.encoding === "armor") {
      const at = text.indexOf(MARKERS.ARMOR_END, found.start);
      end = at < 0 ? text.length : at + MARKERS.ARMOR_END.length + 5;
    } else {
      const at = text.indexOf(found.token, found.start);
      end = at < 0 ? found.start : at + found.token.length;
    }
    out += `${text.slice(from, found.start)}[signed notice]`;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * The legacy engine's input: the scan's visible blocks with their roles
 * (headings stay headings), its links, and the notices as verify links.
 * Only text from the scan, every character escaped.
 */
function legacyHtml(scan, tokens, verifyUrl) {
  const base = verifyUrl.split("#")[0];
  const tag = (b) => (b.role === "heading" ? `h${b.level ?? 2}` : b.role === "pre" ? "pre" : "p");
  const body = scan.blocks.map((b) => {
    const text = b.text.includes(MARKERS.TOKEN) || b.text.includes(MARKERS.ARMOR_BEGIN) ? withoutNotices(b.text) : b.text;
    return `<${tag(b)}>${escapeHtml(text)}</${tag(b)}>`;
  });
  const links = [
    ...scan.links.filter((l) => !l.href.includes(`#${MARKERS.TOKEN}`)).map((l) => `<a href="${escapeHtml(l.href)}">${escapeHtml(l.text || l.href)}</a>`),
    ...tokens.map((t) => `<a href="${escapeHtml(`${base}#${t}`)}">signed notice</a>`),
  ];
  return `<!doctype html><html><head><title>${escapeHtml(scan.title)}</title></head><body>${body.join("\n")}\n${links.join("\n")}</body></html>`;
}

function hostOf(url) {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** The official contacts, in the shape of the report's `official`. */
function officialOf(dir) {
  const phones = (dir.phones ?? []).map((p) => ({
    number: p.number,
    display: countersign.formatPhone(p.number),
    label: p.label ?? "",
  }));
  return {
    name: dir.vendor?.name ?? "",
    domains: (dir.domains ?? []).map((d) => d.domain),
    phones,
    emails: (dir.emails ?? []).map((e) => ({ address: e.address, label: e.label ?? "" })),
    verifyUrl: dir.verify_url ?? "",
    policies: (dir.policies ?? []).map((p) => p.text),
  };
}

// Engine reasons not listed: each notice gets its own card, and "nothing
// claims to be the vendor" is the clean headline.
const HIDDEN_REASONS = new Set(["notice-valid", "notice-invalid", "no-claim"]);

// Capitalised, without a trailing "(code)"; a host name or number that
// starts the sentence is left as written.
const sentence = (text) => {
  const plain = text.replace(/\s*\([a-z-]+\)$/, "");
  return /^\S*[.@+0-9]/.test(plain.split(" ")[0]) ? plain : plain.charAt(0).toUpperCase() + plain.slice(1);
};

// Behaviour names as the engine reports them among its tactics.
const TACTIC = {
  fullscreen: "fullscreen",
  keyboardLock: "keyboard-lock",
  pointerLock: "pointer-lock",
  autoplayAudio: "alarm-audio",
  dialogLoop: "dialog-loop",
  historyFlood: "history-flood",
  beforeUnload: "leave-trap",
};

function legacyJudge(cs, scan, settings, now) {
  const dirResult = cs.directory();
  const dir = dirResult.ok ? dirResult.directory : {};
  const official = dirResult.ok ? officialOf(dir) : null;
  const vendor = official?.name ?? "";
  /** @type {any} */
  const record = {
    url: scan.url,
    title: scan.title,
    checkedAt: now,
    engine: "legacy",
    vendor,
    verdict: VERDICT.CLEAN,
    confidence: "none",
    score: null,
    headline: "",
    summary: [],
    marks: [],
    notices: [],
    noticeTexts: [],
    official,
    tactics: Object.keys(scan.behaviour ?? {}).map((name) => TACTIC[name] ?? name),
    page: { engine: "detection", verdict: VERDICT.CLEAN, score: null, reasons: [] },
  };
  // An inbox list is never judged: its previews cut notices off.
  if (scan.listView) return record;

  // Notices: only those the user can see, each with its candidate bodies.
  const verifyHost = hostOf(official?.verifyUrl ?? "");
  const found = new Map();
  for (const n of scan.notices) {
    for (const f of countersign.findNotices(n.text)) {
      if (found.has(f.token) || found.size >= LIMITS.NOTICES) continue;
      const bodies = [...(scan.message ? [scan.message.body.slice(0, Math.max(0, scan.message.body.indexOf(firstLine(n.text).slice(0, 20))))] : []), ...n.before];
      let summary;
      if (f.encoding === "link" && hostOf(n.text) !== verifyHost) {
        summary = {
          ok: false,
          state: "invalid",
          encoding: "link",
          code: "unofficial-verify-host",
          message: `this link to check the notice goes to ${hostOf(n.text)}, not to ${vendor}'s own site`,
        };
      } else {
        summary = noticeSummary(f.encoding, verifyOne(cs, f.token, { now, recipients: settings.recipients, bodies }));
      }
      found.set(f.token, summary);
      record.noticeTexts.push(firstLine(n.text));
    }
  }
  record.notices = [...found.values()];

  // The page, or the open message only (webmail chrome is not the message).
  const verifyUrl = official?.verifyUrl || "https://invalid.example/verify";
  const okTokens = [...found].filter(([, s]) => s.ok).map(([t]) => t);
  let result;
  if (scan.message) {
    const m = scan.message;
    result = cs.analyseWebmail(m.senderName, m.senderAddress, `${m.subject}\n\n${withoutNotices(m.body)}`, now);
  } else {
    result = cs.analysePage(scan.url, legacyHtml(scan, okTokens, verifyUrl), now);
  }
  if (result && VERDICT_ORDER.includes(result.verdict)) {
    record.page = {
      engine: "detection",
      verdict: result.verdict,
      score: typeof result.score === "number" ? result.score : null,
      reasons: (result.reasons ?? [])
        .filter((r) => !HIDDEN_REASONS.has(r.code))
        .slice(0, 20)
        .map((r) => ({ code: String(r.code), message: String(r.message) })),
    };
    record.score = record.page.score;
    const theirs = (official?.phones ?? []).map((p) => p.display).join(" or ");
    for (const p of result.evidence?.phones ?? []) {
      if (!p.official && p.attributed_to_vendor && record.marks.length < LIMITS.MARKS) {
        record.marks.push({ kind: "phone", text: p.text, note: `Not ${vendor}'s number. Theirs: ${theirs}.` });
      }
    }
    const theirEmails = (official?.emails ?? []).map((e) => e.address).join(" or ");
    for (const e of result.evidence?.emails ?? []) {
      if (!e.official && e.attributed_to_vendor && record.marks.length < LIMITS.MARKS) {
        record.marks.push({ kind: "email", text: e.address, note: `Not ${vendor}'s address. Theirs: ${theirEmails}.` });
      }
    }
  }

  // The verdict. A genuine notice in content that otherwise impersonates
  // the vendor, or sent by someone other than its contact, is copied.
  const pageVerdict = record.page.verdict;
  const sender = scan.message?.senderAddress.toLowerCase() ?? "";
  for (const n of record.notices) {
    if (!n.ok) continue;
    const contact = String(n.notice.contact ?? "").toLowerCase();
    const wrongSender = sender !== "" && contact.includes("@") && contact !== sender;
    if (pageVerdict === VERDICT.IMPERSONATION || wrongSender || record.marks.length > 0) {
      Object.assign(n, { ok: false, state: "copied", code: "copied", message: "a genuine notice copied into another message" });
    }
  }
  const verdicts = [pageVerdict];
  if (record.notices.some((n) => n.state === "copied")) verdicts.push(VERDICT.IMPERSONATION);
  if (record.notices.some((n) => n.state === "invalid")) verdicts.push(VERDICT.INVALID_NOTICE);
  if (record.notices.some((n) => n.ok)) verdicts.push(VERDICT.VERIFIED);
  let worst = VERDICT_ORDER.length - 1;
  for (const v of verdicts) worst = Math.min(worst, VERDICT_ORDER.indexOf(v));
  record.verdict = VERDICT_ORDER[worst];

  // Scam behaviour on a page that claims the vendor makes it certain.
  const claims = record.verdict === VERDICT.SUSPICIOUS || record.verdict === VERDICT.IMPERSONATION;
  if (claims && (record.tactics.length > 0 || scan.tampered)) record.verdict = VERDICT.IMPERSONATION;
  record.confidence =
    record.verdict === VERDICT.IMPERSONATION ? "high"
      : record.verdict === VERDICT.SUSPICIOUS || record.verdict === VERDICT.INVALID_NOTICE ? "low"
        : "none";
  const facts = [];
  for (const n of record.notices) if (!n.ok) facts.push(sentence(n.message));
  for (const r of record.page.reasons) facts.push(sentence(r.message));
  record.summary = [...new Set(facts)].slice(0, 3);
  return record;
}
