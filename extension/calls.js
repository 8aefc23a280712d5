// Scheduled calls announced by verified notices the user has seen, for the
// popup's "Someone is calling me".
//
// A scam call comes out of the blue; a real one was announced by a signed
// notice with a window and a phrase. So the extension keeps, in this browser
// only (storage.local), the scheduled calls of notices that verified on pages
// the user opened, and when the phone rings it can say: a call is due now,
// ask for "<phrase>"; or: none is expected, hang up and call back on an
// official number.
//
// Only notices that verified *as the message they stand in* count: a genuine
// notice copied into a scam page ("copied") is never recorded, nor an
// incomplete, invalid or forwarded one.
//
//   stored: [{ vendor, agent, contact, phrase, notBefore, expiresAt, ticket }]

/** Calls kept at most (the newest win). */
export const MAX_CALLS = 20;

/** How long after its window a call is still kept (to say "that call was yesterday"). */
export const KEEP_AFTER_SECONDS = 24 * 3600;

/**
 * A notice's claims under one set of names. The engine writes them two
 * ways: verifyNotice's summary in camelCase (`notBefore`, `contactDisplay`,
 * `vendorName`), a scan report's notice claims in snake_case (`not_before`,
 * `contact_label`, no vendor: the report names it).
 */
export function noticeFields(n, vendor = "") {
  if (!n || typeof n !== "object") return null;
  const pick = (...names) => names.map((name) => n[name]).find((v) => v !== undefined && v !== null);
  return {
    vendorName: String(pick("vendorName", "vendor_name") ?? vendor ?? ""),
    channel: String(pick("channel") ?? ""),
    agent: String(pick("agent") ?? ""),
    contact: String(pick("contactDisplay", "contact_display", "contact") ?? ""),
    contactLabel: String(pick("contactLabel", "contact_label") ?? ""),
    ticket: typeof n.ticket === "string" ? n.ticket : null,
    phrase: typeof n.phrase === "string" ? n.phrase : null,
    notBefore: Number(pick("notBefore", "not_before")),
    expiresAt: Number(pick("expiresAt", "expires_at")),
    signerName: String(pick("signerName", "signer_name", "signer") ?? ""),
    signerTeam: String(pick("signerTeam", "signer_team", "team") ?? ""),
    recipient: pick("recipient") ?? null,
    body: pick("body") ?? null,
  };
}

/**
 * The scheduled calls a scan report (or a verdict record) announces.
 * Accepts the engine's report (`notices: [{state, notice}]`, the vendor in
 * `vendor`) and the older record shape (`notices: [{ok, notice}]`).
 */
export function callsFromReport(report) {
  const out = [];
  for (const entry of Array.isArray(report?.notices) ? report.notices : []) {
    const verified = entry?.state !== undefined ? entry.state === "verified" : entry?.ok === true;
    const n = noticeFields(entry?.notice, typeof report.vendor === "string" ? report.vendor : "");
    if (!verified || !n || n.channel !== "scheduled-call" || n.phrase === null) continue;
    if (!Number.isFinite(n.notBefore) || !Number.isFinite(n.expiresAt)) continue;
    out.push({
      vendor: n.vendorName,
      agent: n.agent,
      contact: n.contact,
      phrase: n.phrase,
      notBefore: n.notBefore,
      expiresAt: n.expiresAt,
      ticket: n.ticket,
    });
  }
  return out;
}

function sameCall(a, b) {
  return a.vendor === b.vendor && a.phrase === b.phrase && a.notBefore === b.notBefore && a.contact === b.contact;
}

/** `stored` with `added` merged in: no duplicates, old calls dropped, at most MAX_CALLS. */
export function mergeCalls(stored, added, now) {
  const kept = (Array.isArray(stored) ? stored : []).filter(
    (c) => c && Number.isFinite(c.expiresAt) && c.expiresAt + KEEP_AFTER_SECONDS >= now,
  );
  for (const call of added) {
    if (!kept.some((c) => sameCall(c, call))) kept.push(call);
  }
  kept.sort((a, b) => a.notBefore - b.notBefore);
  return kept.slice(-MAX_CALLS);
}

/**
 * The calls as the popup tells them: `due` (the window is open now),
 * `upcoming` (later), `past` (the window closed, less than a day ago).
 */
export function callsAt(calls, now) {
  const due = [];
  const upcoming = [];
  const past = [];
  for (const call of Array.isArray(calls) ? calls : []) {
    if (now < call.notBefore) upcoming.push(call);
    else if (now <= call.expiresAt) due.push(call);
    else past.push(call);
  }
  return { due, upcoming, past };
}
