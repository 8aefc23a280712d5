// The popup: the current tab's verdict, rendered by the extension (a page
// cannot draw into it). Every string from a page or a notice is set with
// textContent, never parsed as HTML.
//
// popup.html?tab=<id> shows a given tab (used when the popup is opened as a
// page, e.g. by the browser tests); otherwise the active tab.

import { MSG, STORAGE, VERDICT } from "./messages.js";
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
  return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

const CHANNEL = {
  email: { title: "email", contact: "Sent from" },
  "scheduled-call": { title: "scheduled call", contact: "Will call from" },
  callback: { title: "callback request", contact: "Call back on" },
};

const VERDICT_TEXT = {
  [VERDICT.IMPERSONATION]: {
    title: "Warning: this page impersonates {vendor}",
    summary: "It is not an official {vendor} website. Do not call numbers, install software or pay anything it asks for.",
  },
  [VERDICT.INVALID_NOTICE]: {
    title: "Warning: this {vendor} notice is not valid",
    summary: "Treat the message as a scam attempt. Do not use the contact details in it.",
  },
  [VERDICT.SUSPICIOUS]: {
    title: "Caution: unofficial {vendor} support",
    summary: "This page presents itself as {vendor} support but is not an official {vendor} website. Use the official contacts listed in Countersign's settings.",
  },
  [VERDICT.VERIFIED]: {
    title: "Verified {vendor} notice",
    summary: "Signed by {vendor} staff. Only the details below are confirmed.",
  },
  [VERDICT.OFFICIAL]: {
    title: "Official {vendor} website",
    summary: "This page is on a domain listed in {vendor}'s signed directory.",
  },
  [VERDICT.CLEAN]: {
    title: "Nothing to report",
    summary: "Nothing on this page claims to be {vendor} support.",
  },
};

/** The engine's messages start in lower case: they are also used mid-sentence. */
function sentence(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fill(template, vendor) {
  return template.replaceAll("{vendor}", vendor || "the vendor");
}

/** A card for one notice result (`{ok, notice}` or `{ok: false, code, message}`). */
function noticeCard(result) {
  if (!result.ok) {
    return el(
      "article",
      { className: "notice invalid" },
      el("h2", { text: "This notice is not valid" }),
      el("p", { className: "reason", text: sentence(result.message) }),
      el("p", { className: "reason-code", text: `(${result.code})` }),
      el("p", { className: "note", text: "Do not call, reply to or pay anyone because of this message." }),
    );
  }
  const n = result.notice;
  const channel = CHANNEL[n.channel] ?? { title: n.channel, contact: "Contact" };
  const rows = [
    ["Agent", n.agent],
    [channel.contact, `${n.contactDisplay ?? n.contact} (official: ${n.contactLabel})`],
    ["Ticket", n.ticket ?? "none"],
    [n.channel === "scheduled-call" ? "Call window" : "Valid", `${formatTime(n.notBefore)} to ${formatTime(n.expiresAt)}`],
    ["Signed by", n.signerTeam ? `${n.signerName}, ${n.signerTeam}` : n.signerName],
  ];
  const list = el("dl");
  for (const [term, value] of rows) {
    list.append(el("dt", { text: term }), el("dd", { text: value }));
  }
  const card = el(
    "article",
    { className: "notice valid" },
    el("h2", { text: `Verified ${channel.title}${n.vendorName ? ` from ${n.vendorName}` : ""}` }),
    list,
  );
  if (n.phrase) {
    card.append(
      el("p", { className: "note", text: "The agent will say this countersign phrase. Hang up if they do not:" }),
      el("p", { className: "phrase", text: n.phrase }),
    );
  }
  if (n.recipient === "matched") {
    card.append(el("p", { className: "note", text: "Addressed to you." }));
  } else if (n.recipient === "not-checked") {
    card.append(el("p", {
      className: "note",
      text: "This notice is for one recipient. Add your email address in the settings to check that it is you.",
    }));
  }
  if (n.body === "matched") {
    card.append(el("p", { className: "note", text: "The message text is exactly what was signed." }));
  } else if (n.body === "not-checked") {
    card.append(el("p", {
      className: "note",
      text: "The text of the message around this notice could not be confirmed. Rely only on the details above.",
    }));
  }
  return card;
}

function renderVerdict(record, tabUrl) {
  const section = document.getElementById("verdict");
  const notices = document.getElementById("notices");
  const reasons = document.getElementById("reasons");
  const reasonList = document.getElementById("reason-list");
  notices.replaceChildren();
  reasonList.replaceChildren();
  reasons.hidden = true;

  if (!record) {
    section.dataset.verdict = "none";
    const checkable = !tabUrl || /^https?:/.test(tabUrl);
    document.getElementById("verdict-title").textContent = checkable ? "Not checked yet" : "Not a web page";
    document.getElementById("verdict-summary").textContent = checkable
      ? "Countersign checks a page once it has loaded. If the page was open before Countersign was installed, reload it."
      : "Countersign checks web pages (http and https) only.";
    document.getElementById("verdict-page").textContent = "";
    return;
  }

  if (record.error) {
    section.dataset.verdict = "none";
    document.getElementById("verdict-title").textContent = "Could not check this page";
    document.getElementById("verdict-summary").textContent = `${sentence(record.error.message)} (${record.error.code})`;
    document.getElementById("verdict-page").textContent = "";
    return;
  }

  const text = VERDICT_TEXT[record.verdict] ?? VERDICT_TEXT[VERDICT.CLEAN];
  section.dataset.verdict = record.verdict;
  document.getElementById("verdict-title").textContent = fill(text.title, record.vendor);
  document.getElementById("verdict-summary").textContent = fill(text.summary, record.vendor);
  let where = record.url;
  try {
    where = new URL(record.url).host;
  } catch {
    // Show the URL as it is.
  }
  document.getElementById("verdict-page").textContent = `Checked ${where} at ${formatTime(record.checkedAt)}`;

  for (const result of record.notices ?? []) {
    notices.append(noticeCard(result));
  }
  const pageReasons = record.page?.reasons ?? [];
  if (pageReasons.length > 0) {
    reasons.hidden = false;
    const warning = [VERDICT.IMPERSONATION, VERDICT.SUSPICIOUS, VERDICT.INVALID_NOTICE].includes(record.page.verdict);
    document.getElementById("reasons-title").textContent = warning ? "Why" : "Also found";
    for (const reason of pageReasons) {
      reasonList.append(el("li", { text: sentence(reason.message) }, " ", el("span", { className: "reason-code", text: `(${reason.code})` })));
    }
  }
}

async function showSecurityBand() {
  const settings = await loadSettings();
  document.documentElement.style.setProperty("--security-color", settings.securityColor);
  document.getElementById("security-phrase").textContent =
    settings.securityPhrase || "not set: choose one in the settings";
}

async function targetTab() {
  const param = new URLSearchParams(location.search).get("tab");
  if (param !== null && /^\d+$/.test(param)) {
    return { id: Number(param), url: undefined };
  }
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

async function checkPasted() {
  const output = document.getElementById("paste-result");
  const text = document.getElementById("paste-text").value;
  if (text.trim() === "") {
    output.replaceChildren();
    return;
  }
  const reply = await chrome.runtime.sendMessage({ type: MSG.VERIFY_TEXT, text });
  output.replaceChildren(
    reply?.ok
      ? noticeCard(reply.result)
      : el("p", { className: "reason", text: reply?.message ?? "Countersign could not check this text." }),
  );
}

async function main() {
  document.getElementById("open-options").addEventListener("click", (event) => {
    event.preventDefault();
    chrome.runtime.openOptionsPage();
  });
  document.getElementById("paste-check").addEventListener("click", () => {
    checkPasted();
  });
  await showSecurityBand();
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
