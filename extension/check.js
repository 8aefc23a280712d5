// "Check anything" in the popup: what the user pasted decides which engine
// call judges it.
//
//   a raw email (headers first)   -> readRawEmail (the mail package, loaded
//                                    only then) and analyseEmailParts
//                                    (sender, authentication, body)
//   anything with a notice in it  -> verifyNotice (with the user's addresses)
//                                    and analyseContact over the whole text,
//                                    so a genuine notice pasted with other
//                                    numbers around it is not a ✓
//   a number, address or link     -> analyseContact
//   a pasted message              -> analyseContact (reads it as text)
//
// The answer is plain data the popup turns into words: the verdict, what was
// checked (kind, the contact as the directory writes it, its label), at most
// three reasons, and the full list for "Details". Nothing here touches the
// DOM or storage, so the Node tests run it against the real wasm package.

/** Reason codes that only restate the headline. */
const QUIET_REASONS = new Set(["no-claim"]);

/** At most this many reasons are shown before "Details". */
export const MAX_SUMMARY = 3;

/** Whether `text` is a raw email message: a block of headers with a From:. */
export function looksLikeRawEmail(text) {
  const head = text.replace(/^\s+/, "").split(/\r?\n\r?\n/, 1)[0];
  const lines = head.split(/\r?\n/).filter((line) => !/^[ \t]/.test(line));
  if (lines.length < 2) return false;
  const names = lines.map((line) => (line.match(/^([A-Za-z0-9-]+):/) ?? [])[1]?.toLowerCase());
  if (names.some((name) => name === undefined)) return false;
  return names.includes("from") && names.some((n) => ["subject", "date", "received", "message-id", "to"].includes(n));
}

/**
 * The reasons to show: most decisive first (the engine's order), one per
 * fact (a fact the engine states under several codes is shown once), at
 * most MAX_SUMMARY.
 */
export function summaryOf(reasons) {
  const seenCodes = new Set();
  const seenText = new Set();
  const out = [];
  for (const reason of reasons ?? []) {
    if (QUIET_REASONS.has(reason.code) || seenCodes.has(reason.code)) continue;
    const key = String(reason.message).toLowerCase();
    if (seenText.has(key)) continue;
    seenCodes.add(reason.code);
    seenText.add(key);
    out.push(sentence(String(reason.message)));
    if (out.length === MAX_SUMMARY) break;
  }
  return out;
}

/** The reasons summaryOf shows, as facts `{code, args: [vendor], message}`. */
function factsOfReasons(reasons, vendor) {
  const shown = new Set(summaryOf(reasons));
  const out = [];
  for (const r of reasons ?? []) {
    const message = sentence(String(r.message));
    if (!shown.has(message) || out.some((f) => f.message === message)) continue;
    out.push({ code: String(r.code), args: [vendor], message });
  }
  return out;
}

/** The engine's messages are also used mid-sentence: capitalise, end with a full stop. */
export function sentence(text) {
  const s = text.trim();
  if (s === "") return s;
  const first = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/**
 * Verifies a notice, trying each of the user's addresses for a notice bound
 * to one recipient, and the text before the notice as its body.
 */
export function verifyWithSettings(cs, text, { now, recipients = [], body }) {
  let result = null;
  for (const recipient of recipients.length > 0 ? recipients : [undefined]) {
    const options = { now };
    if (recipient) options.recipient = recipient;
    if (body && body.trim() !== "") {
      const withBody = cs.verifyNotice(text, { ...options, body });
      if (withBody.ok) return withBody;
    }
    result = cs.verifyNotice(text, options);
    if (result.ok || result.code !== "not-for-recipient") break;
  }
  return result;
}

/** What a single pasted contact is, by its shape and what the engine found in it. */
function kindOf(text, report) {
  const ev = report.evidence ?? {};
  if (/^(tel:)?[+\d\s().\-/]+$/i.test(text) && ev.phones?.length === 1) return "phone";
  if (/^(mailto:)?[^\s@]+@[^\s@]+$/i.test(text) && ev.emails?.length === 1) return "email";
  if (!/\s/.test(text) && ev.host) return "link";
  return "message";
}

/**
 * Checks what the user pasted. `cs` is the open engine handle; `findNotices`
 * and `formatPhone` are the package's free functions, `readRawEmail` the
 * mail package's (needed only when `text` is a raw email). Returns
 * `{ ok: true, kind, verdict, score, summary, reasons, contact, notice }`
 * where `contact` is `{ kind, text, official, label }` for a single phone,
 * address or link, and `notice` is the verification result of a pasted
 * notice (`{ ok, status, notice }` or `{ ok: false, code, message }`).
 */
export function checkText(cs, { findNotices, formatPhone, readRawEmail }, text, { now, recipients = [] }) {
  const input = text.trim();
  if (input === "") {
    return { ok: false, code: "empty", message: "nothing to check" };
  }
  if (looksLikeRawEmail(input)) {
    if (typeof readRawEmail !== "function") {
      return { ok: false, code: "no-mail-reader", message: "the email reader is not loaded" };
    }
    const read = readRawEmail(new TextEncoder().encode(input));
    if (!read.ok) return read;
    // Bytes without headers are read as text, as the engine reads a page.
    const report = read.parts ? cs.analyseEmailParts(read.parts, now) : cs.analysePage(undefined, input, now);
    if (!report.ok) return report;
    return answer("raw-email", report, null, null);
  }
  const [found] = findNotices(input);
  const report = cs.analyseContact(input, now);
  if (!report.ok) return report;
  if (found) {
    const notice = verifyWithSettings(cs, input, { now, recipients, body: input.slice(0, found.start) });
    // The user's own addresses may refuse a notice the page analysis
    // (which does not know them) accepted: the notice check wins then.
    const verdict = !notice.ok && report.verdict !== "impersonation" ? "invalid-notice" : report.verdict;
    return answer("notice", { ...report, verdict }, null, notice);
  }
  const kind = kindOf(input, report);
  return answer(kind, report, contactOf(kind, report, formatPhone), null);
}

function contactOf(kind, report, formatPhone) {
  const ev = report.evidence ?? {};
  if (kind === "phone") {
    const p = ev.phones[0];
    return { kind, text: formatPhone(p.e164), official: p.official, label: p.label ?? null };
  }
  if (kind === "email") {
    const e = ev.emails[0];
    return { kind, text: e.address, official: e.official, label: e.label ?? null };
  }
  if (kind === "link") {
    return { kind, text: ev.host.unicode, official: report.verdict === "official", label: null };
  }
  return null;
}

function answer(kind, report, contact, notice) {
  const reasons = (report.reasons ?? []).map((r) => ({ code: String(r.code), message: String(r.message) }));
  return {
    ok: true,
    kind,
    verdict: String(report.verdict),
    vendor: typeof report.vendor === "string" ? report.vendor : null,
    score: typeof report.score === "number" ? report.score : null,
    headline: typeof report.headline === "string" ? report.headline : null,
    summary: Array.isArray(report.summary)
      ? report.summary.slice(0, MAX_SUMMARY).map((f) => String(f?.message ?? f))
      : summaryOf(reasons),
    // The same by code, for the popup to say in the user's language
    // (facts.js): the engine's facts when it gave them, else the reasons
    // summaryOf picked, with the vendor's name as their one value.
    facts: Array.isArray(report.summary)
      ? report.summary.slice(0, MAX_SUMMARY).map((f) => (typeof f === "object" && f ? f : { code: "", args: [], message: String(f) }))
      : factsOfReasons(reasons, typeof report.vendor === "string" ? report.vendor : ""),
    reasons,
    contact,
    notice,
  };
}
