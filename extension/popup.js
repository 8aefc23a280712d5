// The popup: for the moments scams happen.
//
//   seal            the user's phrase on their colour (a fake popup cannot know it)
//   verdict         the current tab: one headline, at most three reasons,
//                   codes only under "Details", "Report this" on a warning
//                   (and on every answer of Check anything that warns)
//   notices         each notice on the page, with the call phrase in large type
//   Check anything  a number, address, link, message, raw email or notice
//   Someone is calling me   the announced call due now and its phrase, or:
//                   hang up, call back on an official number
//   Official contacts       from the signed directory, one click away
//   vendor health   a vendor whose directory is stale or expired, said plainly,
//                   with its (last) official contacts
//
// Rendered by the extension with textContent only: every string from a page,
// a notice or the engine is text, never HTML.
//
// popup.html?tab=<id> shows a given tab (the popup opened as a page, as the
// browser tests do); otherwise the active tab.

import { factLines, noticeReasonText } from "./facts.js";
import { localizePage, t, uiLanguage } from "./i18n.js";
import { MSG, STORAGE, UI_MSG, VERDICT } from "./messages.js";
import { reportMailto } from "./report-mail.js";
import { showSeal } from "./seal.js";
import { noticeFields } from "./calls.js";
import { summaryOf } from "./check.js";
import { loadSettings } from "./settings.js";

/** Creates an element with text content and children. */
function el(tag, { className, text } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  node.append(...children);
  return node;
}

function formatTime(seconds) {
  return new Date(seconds * 1000).toLocaleString(document.documentElement.lang, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

const WARNINGS = new Set([VERDICT.IMPERSONATION, VERDICT.INVALID_NOTICE, VERDICT.SUSPICIOUS]);

/** Message keys of the verdict headline and what to do, per verdict. */
const VERDICT_KEYS = {
  [VERDICT.IMPERSONATION]: ["verdictImpersonationTitle", "verdictImpersonationSummary"],
  [VERDICT.INVALID_NOTICE]: ["verdictInvalidTitle", "verdictInvalidSummary"],
  [VERDICT.SUSPICIOUS]: ["verdictSuspiciousTitle", "verdictSuspiciousSummary"],
  [VERDICT.VERIFIED]: ["verdictVerifiedTitle", "verdictVerifiedSummary"],
  [VERDICT.OFFICIAL]: ["verdictOfficialTitle", "verdictOfficialSummary"],
  [VERDICT.CLEAN]: ["verdictCleanTitle", "verdictCleanSummary"],
};

const CHANNEL_KEYS = {
  email: ["channelEmail", "contactSentFrom"],
  "scheduled-call": ["channelCall", "contactWillCall"],
  callback: ["channelCallback", "contactCallBack"],
};

let officialVendors = [];
// The vendor of the tab's verdict (a scan report's notices do not repeat it).
let currentVendor = "";

function vendorOrDefault(name) {
  return name || officialVendors[0]?.name || t("theVendor");
}

/**
 * A contact as people read it. A verified notice's contact is always one of
 * the vendor's official ones, so its number is shown as the directory view
 * writes it (formatPhone), never as bare E.164.
 */
function displayContact(contact) {
  for (const vendor of officialVendors) {
    const phone = vendor.phones.find((p) => p.number === contact || p.display === contact);
    if (phone) return phone.display;
  }
  return contact;
}

/**
 * The official contacts of `name`, or of the only vendor. A report that
 * names no vendor (a warning about a scam that concerns none of them) has
 * none: showing a vendor's contacts would say the scam was about it.
 */
function officialOf(name) {
  if (!name) return null;
  return officialVendors.find((v) => v.name === name) ?? (officialVendors.length === 1 ? officialVendors[0] : null);
}

// A warning that names no vendor: the engine found signs of a scam, and
// nothing in it is any trusted vendor's.
const NO_VENDOR_KEYS = ["verdictNoVendorTitle", "verdictNoVendorSummary"];

/**
 * One view of a tab's record, whichever shape the worker stored: the scan
 * report's (`report` with headline, summary, reasons, notices by state) or
 * the older one (`page.reasons`, notices `{ok}`).
 */
function viewOf(record) {
  const report = record.report ?? record;
  const reasons = report.reasons ?? record.page?.reasons ?? [];
  return {
    verdict: report.verdict ?? record.verdict,
    vendor: report.vendor ?? record.vendor ?? "",
    summary: summaryLines(record.facts ?? report.summary, reasons),
    reasons,
    notices: report.notices ?? record.notices ?? [],
    marks: report.marks ?? [],
    url: record.url ?? "",
    checkedAt: record.checkedAt ?? 0,
  };
}

/** A message in the user's language, or "" when the catalogue lacks it (for facts.js). */
const getMessage = (key, subs) => chrome.i18n.getMessage(key, subs);

/**
 * At most three plain sentences in the user's language: the engine's facts
 * (`{code, args, message}`, said by code in facts.js; strings in older
 * records), else the first distinct reasons.
 */
function summaryLines(summary, reasons) {
  const lines = factLines(summary, getMessage, 3);
  return lines.length > 0 ? lines : summaryOf(reasons);
}

/** Codes, for "Details": the only place they appear. */
function fillDetails(details, list, reasons) {
  list.replaceChildren(...reasons.map((r) => el("li", { text: `${r.message} (${r.code})` })));
  details.hidden = reasons.length === 0;
}

/** A notice card: `{state, message, notice, code}` or the older `{ok, notice | code, message}`. */
function noticeCard(entry) {
  const state = entry.state ?? (entry.ok ? "verified" : "invalid");
  if (state !== "verified" || !entry.notice) {
    const keys = {
      copied: ["noticeCopiedTitle", "noticeCopiedNote", "bad"],
      incomplete: ["noticeIncompleteTitle", "noticeIncompleteNote", "neutral"],
      invalid: ["noticeInvalidTitle", "noticeInvalidNote", "bad"],
    }[state] ?? ["noticeInvalidTitle", "noticeInvalidNote", "bad"];
    const card = el(
      "article",
      { className: `notice ${keys[2] === "bad" ? "invalid" : "neutral"}` },
      el("h2", { text: t(keys[0]) }),
    );
    const reason = noticeReasonText(entry, currentVendor || vendorOrDefault(""), getMessage);
    if (reason) card.append(el("p", { className: "reason", text: capitalise(reason) }));
    card.append(el("p", { className: "note", text: t(keys[1]) }));
    if (entry.code) {
      const details = el("details", { className: "details" }, el("summary", { text: t("detailsTitle") }));
      details.append(el("p", { className: "reason-code", text: entry.code }));
      card.append(details);
    }
    return card;
  }
  const n = noticeFields(entry.notice, currentVendor);
  const [channelKey, contactKey] = CHANNEL_KEYS[n.channel] ?? ["channelEmail", "contactSentFrom"];
  const rows = [
    [t("rowAgent"), n.agent],
    [t(contactKey), t("contactOfficial", displayContact(n.contact), n.contactLabel)],
    [t("rowTicket"), n.ticket ?? t("none")],
    [t(n.channel === "scheduled-call" ? "rowCallWindow" : "rowValid"), t("fromTo", formatTime(n.notBefore), formatTime(n.expiresAt))],
  ];
  if (n.signerName) rows.push([t("rowSignedBy"), n.signerTeam ? `${n.signerName}, ${n.signerTeam}` : n.signerName]);
  const list = el("dl");
  for (const [term, value] of rows) list.append(el("dt", { text: term }), el("dd", { text: value }));
  const card = el(
    "article",
    { className: "notice valid" },
    el("h2", { text: t("noticeVerifiedTitle", t(channelKey), n.vendorName || vendorOrDefault("")) }),
    list,
  );
  if (n.phrase) {
    card.append(
      el("p", { className: "note", text: t("noticePhraseNote") }),
      el("p", { className: "phrase", text: n.phrase }),
    );
  }
  if (n.recipient === "matched") card.append(el("p", { className: "note", text: t("noticeForYou") }));
  else if (n.recipient === "not-checked") card.append(el("p", { className: "note", text: t("noticeRecipientUnchecked") }));
  if (n.body === "matched") card.append(el("p", { className: "note", text: t("noticeBodyMatched") }));
  else if (n.body === "not-checked") card.append(el("p", { className: "note", text: t("noticeBodyUnchecked") }));
  return card;
}

function capitalise(text) {
  const s = String(text).trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function setVerdictText(verdict, title, summary) {
  document.getElementById("verdict").dataset.verdict = verdict;
  document.getElementById("verdict-title").textContent = title;
  document.getElementById("verdict-summary").textContent = summary;
}

function renderVerdict(record, tabUrl) {
  const notices = document.getElementById("notices");
  const reasons = document.getElementById("verdict-reasons");
  const report = document.getElementById("report");
  notices.replaceChildren();
  reasons.replaceChildren();
  report.hidden = true;
  document.getElementById("verdict-page").textContent = "";
  fillDetails(document.getElementById("verdict-details"), document.getElementById("verdict-codes"), []);

  if (!record) {
    const checkable = !tabUrl || /^https?:/.test(tabUrl);
    setVerdictText("none", t(checkable ? "notCheckedTitle" : "notWebPageTitle"), t(checkable ? "notCheckedSummary" : "notWebPageSummary"));
    return;
  }
  if (record.error) {
    setVerdictText("none", t("checkFailedTitle"), capitalise(record.error.message));
    return;
  }

  const view = viewOf(record);
  currentVendor = view.vendor;
  const [titleKey, summaryKey] = WARNINGS.has(view.verdict) && !view.vendor
    ? NO_VENDOR_KEYS
    : VERDICT_KEYS[view.verdict] ?? VERDICT_KEYS[VERDICT.CLEAN];
  const vendor = vendorOrDefault(view.vendor);
  setVerdictText(view.verdict, t(titleKey, vendor), t(summaryKey, vendor));
  if (WARNINGS.has(view.verdict)) {
    reasons.replaceChildren(...view.summary.map((line) => el("li", { text: line })));
  }
  fillDetails(document.getElementById("verdict-details"), document.getElementById("verdict-codes"), view.reasons);
  let where = view.url;
  try {
    where = new URL(view.url).host;
  } catch {
    // Show the address as it is.
  }
  document.getElementById("verdict-page").textContent = t("checkedAt", where, formatTime(view.checkedAt));
  for (const entry of view.notices) notices.append(noticeCard(entry));

  const official = officialOf(view.vendor);
  if (WARNINGS.has(view.verdict) && official) {
    const href = reportMailto(
      official,
      {
        url: view.url,
        headline: t(titleKey, vendor),
        summary: view.summary,
        contacts: view.marks.map((m) => m.text),
      },
      t,
    );
    if (href) {
      report.href = href;
      report.hidden = false;
    }
  }
}

// ---------------------------------------------------------------------------
// Check anything.

/**
 * The vendor a "Check anything" answer is about: the one it names or, for a
 * number, address or site that is no vendor's, the only vendor trusted (the
 * question was whether it is theirs). None for an answer that names none.
 */
function answerVendor(answer) {
  if (answer.vendor) return officialOf(answer.vendor);
  return answer.contact && officialVendors.length === 1 ? officialVendors[0] : null;
}

/** The plain answer's headline, from what was checked and the verdict. */
function answerHeadline(answer) {
  const about = answerVendor(answer);
  const vendor = vendorOrDefault(answer.vendor || about?.name);
  const c = answer.contact;
  const v = answer.verdict;
  // A number, address or site that is none of several trusted vendors'.
  if (c && !c.official && !answer.vendor && !about) {
    const key = { phone: "answerUnofficialPhoneAny", email: "answerUnofficialEmailAny" }[c.kind] ?? "answerUnrelatedSiteAny";
    return t(key, c.text);
  }
  if (c && c.official) {
    if (c.kind === "phone") return t("answerOfficialPhone", c.text, vendor, c.label ?? "");
    if (c.kind === "email") return t("answerOfficialEmail", c.text, vendor, c.label ?? "");
    return t("answerOfficialSite", c.text, vendor);
  }
  if (c && c.kind === "phone") return t("answerUnofficialPhone", c.text, vendor);
  if (c && c.kind === "email") {
    return t(v === VERDICT.CLEAN ? "answerUnofficialEmail" : "answerFakeEmail", c.text, vendor);
  }
  if (c && c.kind === "link") {
    return t(v === VERDICT.CLEAN ? "answerUnrelatedSite" : "answerLookalikeSite", c.text, vendor);
  }
  if (answer.kind === "notice") {
    if (v === VERDICT.VERIFIED || v === VERDICT.OFFICIAL) return t("answerNoticeVerified", vendor);
    if (v === VERDICT.INVALID_NOTICE) return t("answerNoticeInvalid");
    return t("answerNoticeCopied", vendor);
  }
  if (WARNINGS.has(v) && !answer.vendor) return t("answerMessageNoVendor");
  const key = {
    [VERDICT.IMPERSONATION]: "answerMessageImpersonation",
    [VERDICT.INVALID_NOTICE]: "answerMessageImpersonation",
    [VERDICT.SUSPICIOUS]: "answerMessageSuspicious",
    [VERDICT.VERIFIED]: "answerMessageOfficial",
    [VERDICT.OFFICIAL]: "answerMessageOfficial",
  }[v] ?? "answerMessageClean";
  return t(key, vendor);
}

/** The official numbers and addresses, as a short block (for "call them back"). */
function contactsBlock(vendor) {
  if (!vendor) return el("div");
  const box = el("div", { className: "contacts" }, el("h3", { text: t("officialOf", vendor.name) }));
  const list = el("ul");
  for (const p of vendor.phones) list.append(el("li", {}, el("span", { className: "number", text: p.display }), ` ${p.label}`));
  for (const e of vendor.emails) list.append(el("li", {}, el("span", { className: "number", text: e.address }), ` ${e.label}`));
  box.append(list);
  return box;
}

/**
 * "Report this" for an answer that warns: a draft to the vendor's official
 * address (from the signed directory) with what was checked and why it is
 * a warning. Opened in the user's mail program; nothing is sent by itself.
 */
function reportLink(official, draft) {
  const href = official ? reportMailto(official, draft, t) : null;
  if (!href) return null;
  const a = el("a", { className: "button report", text: t("reportThis") });
  a.href = href;
  a.addEventListener("click", openDraft);
  return a;
}

/** A mailto: link does nothing inside the popup in some browsers: hand it to a tab. */
function openDraft(event) {
  event.preventDefault();
  chrome.tabs.create({ url: event.currentTarget.href });
}

function renderAnswer(answer, checked = "") {
  const out = document.getElementById("check-result");
  if (!answer?.ok) {
    out.replaceChildren(el("p", { className: "reason", text: answer?.code === "empty" ? t("checkEmpty") : t("checkFailed") }));
    return;
  }
  const box = el("div", { className: "answer" });
  box.dataset.verdict = answer.verdict;
  // The engine's headline is English: other languages get the popup's own.
  const headline = uiLanguage() === "en" && answer.headline ? answer.headline : answerHeadline(answer);
  box.append(el("h2", { className: "answer-headline", text: headline }));
  const official = answer.contact?.official ? [] : summaryLines(answer.facts ?? answer.summary, answer.reasons);
  if (official.length > 0) box.append(el("ul", { className: "reasons" }, ...official.map((line) => el("li", { text: line }))));
  if (answer.notice) box.append(noticeCard(answer.notice.ok ? { state: "verified", notice: answer.notice.notice } : { state: "invalid", message: answer.notice.message, code: answer.notice.code }));
  if (WARNINGS.has(answer.verdict) || (answer.contact && !answer.contact.official)) {
    const about = answerVendor(answer);
    if (about) {
      box.append(contactsBlock(about));
      const report = reportLink(about, { url: "", checked, headline, summary: official, contacts: [] });
      if (report) box.append(report);
    } else if (answer.contact) {
      // None of the trusted vendors': their real contacts, to compare.
      for (const vendor of officialVendors) box.append(contactsBlock(vendor));
    }
  }
  const details = el("details", { className: "details" }, el("summary", { text: t("detailsTitle") }));
  const codes = el("ul");
  fillDetails(details, codes, answer.reasons);
  details.append(codes);
  box.append(details);
  out.replaceChildren(box);
}

async function checkAnything() {
  const text = document.getElementById("check-text").value;
  const reply = await chrome.runtime.sendMessage({ type: UI_MSG.CHECK_TEXT, text });
  renderAnswer(reply, text);
}

// ---------------------------------------------------------------------------
// Someone is calling me.

async function showCalls() {
  const out = document.getElementById("calling-result");
  const reply = await chrome.runtime.sendMessage({ type: UI_MSG.GET_CALLS });
  if (!reply?.ok) {
    out.replaceChildren(el("p", { text: t("callNoneHangUp") }));
    return;
  }
  const parts = [];
  if (reply.due.length > 0) {
    for (const call of reply.due) {
      parts.push(
        el("div", { className: "call due" },
          el("h2", { text: t("callDueTitle", call.vendor) }),
          el("p", { text: t("callDueAsk") }),
          el("p", { className: "phrase", text: call.phrase }),
          el("p", { text: t("callDueWho", call.agent, call.contact, formatTime(call.expiresAt)) }),
          el("p", { className: "strong", text: t("callDueHangUp") }),
        ),
      );
    }
  } else {
    parts.push(
      el("div", { className: "call none" },
        el("h2", { text: t("callNoneTitle") }),
        el("p", { className: "strong", text: t("callNoneHangUp") }),
      ),
    );
    for (const vendor of reply.vendors) {
      const policies = vendor.policies.filter((p) => /call|anruf/i.test(p));
      if (policies.length > 0) parts.push(el("ul", { className: "policies" }, ...policies.map((p) => el("li", { text: p }))));
      parts.push(contactsBlock(vendor));
    }
    for (const call of reply.upcoming) {
      parts.push(el("p", { className: "note", text: t("callUpcoming", call.vendor, formatTime(call.notBefore), call.agent) }));
    }
  }
  out.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------
// Vendors whose directory is stale or expired.

// Vendors Countersign can no longer vouch for, with their last signed contacts.
let expiredVendors = [];

/**
 * One card per vendor needing attention: stale (the copy in hand is still
 * used, but a key the vendor withdrew since would not be known) or expired
 * (nothing in its name is called genuine or fake until a current directory
 * arrives). Either way the official contacts stay one look away.
 */
function showAttention(attention) {
  const section = document.getElementById("vendor-health");
  const cards = attention.map((a) => {
    const expired = a.status === "expired";
    const card = el(
      "article",
      { className: `health ${expired ? "expired" : "stale"}` },
      el("h2", { text: t(expired ? "healthExpiredTitle" : "healthStaleTitle", a.name) }),
      el("p", {
        text: expired
          ? t("healthExpiredText", a.name, formatTime(a.expiresAt))
          : t("healthStaleText", a.name, formatTime(a.since), formatTime(a.expiresAt)),
      }),
    );
    card.dataset.status = a.status;
    if (a.contacts) {
      const block = contactsBlock(a.contacts);
      if (expired) block.prepend(el("p", { className: "note", text: t("healthLastContacts", a.name, formatTime(a.expiresAt)) }));
      card.append(block);
    }
    return card;
  });
  section.replaceChildren(...cards);
  section.hidden = cards.length === 0;
  expiredVendors = attention.filter((a) => a.status === "expired" && a.contacts).map((a) => ({ ...a.contacts, expiresAt: a.expiresAt }));
}

// ---------------------------------------------------------------------------
// Official contacts.

function showOfficial() {
  const out = document.getElementById("official-list");
  if (officialVendors.length === 0 && expiredVendors.length === 0) {
    out.replaceChildren(el("p", { text: t("officialUnavailable") }));
    return;
  }
  out.replaceChildren(
    ...[...officialVendors, ...expiredVendors].map((v) => {
      const box = contactsBlock(v);
      // An expired vendor's contacts are its last signed ones, and say so.
      if (expiredVendors.includes(v)) box.append(el("p", { className: "note", text: t("healthLastContacts", v.name, formatTime(v.expiresAt)) }));
      const sites = el("ul");
      for (const d of v.domains) {
        const a = el("a", { text: d.domain });
        a.href = `https://${d.domain}/`;
        a.target = "_blank";
        a.rel = "noopener";
        sites.append(el("li", {}, a));
      }
      box.append(sites);
      return box;
    }),
  );
}

// ---------------------------------------------------------------------------

async function targetTab() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param !== null && /^\d+$/.test(param)) return { id: Number(param), url: undefined };
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? { id: tab.id, url: tab.url } : null;
}

async function showTab(tab) {
  if (!tab) {
    renderVerdict(null, "about:blank");
    return;
  }
  const reply = await chrome.runtime.sendMessage({ type: MSG.GET_TAB_VERDICT, tabId: tab.id });
  renderVerdict(reply?.ok ? reply.record : null, tab.url);
}

async function main() {
  localizePage();
  document.getElementById("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    chrome.runtime.openOptionsPage();
  });
  document.getElementById("check-go").addEventListener("click", () => checkAnything());
  document.getElementById("calling").addEventListener("toggle", (event) => {
    if (event.target.open) showCalls();
  });
  document.getElementById("report").addEventListener("click", openDraft);
  showSeal(await loadSettings(), document.getElementById("security-phrase"));
  const official = await chrome.runtime.sendMessage({ type: UI_MSG.GET_OFFICIAL }).catch(() => null);
  officialVendors = official?.ok ? official.vendors : [];
  showAttention(official?.ok && Array.isArray(official.attention) ? official.attention : []);
  showOfficial();
  const tab = await targetTab();
  // Re-render when the tab's verdict changes while the popup is open.
  if (tab) {
    chrome.storage.session.onChanged.addListener((changes) => {
      if (Object.hasOwn(changes, STORAGE.TAB_PREFIX + tab.id)) showTab(tab);
    });
  }
  await showTab(tab);
}

main();
