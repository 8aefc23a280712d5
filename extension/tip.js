// The Safety Tip over a suspicious page, and the note shown on a marked
// contact or notice (tip.html?mark=N). Framed by the content script; reads
// its tab's record from the worker (GET_TIP, answered only for the page the
// tab shows), and shows it as text with the user's seal.

import { factText, markNoteText } from "./facts.js";
import { t, localise } from "./i18n.js";
import { MSG } from "./messages.js";
import { drawSeal } from "./seal.js";

/** A message in the user's language, or "" when the catalogue lacks it. */
const getMessage = (key, subs) => chrome.i18n.getMessage(key, subs);

function line(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

function showTip(record) {
  const section = document.getElementById("tip");
  section.hidden = false;
  const named = record.vendor || record.official?.name || "";
  const vendor = named || t("theVendor");
  const invalidNotice = record.verdict === "invalid-notice";
  // A warning that concerns no trusted vendor names none.
  const title = named ? (invalidNotice ? t("tipTitleNotice", vendor) : t("tipTitle", vendor)) : t(invalidNotice ? "tipTitleNoticeNoVendor" : "tipTitleNoVendor");
  document.getElementById("tip-title").textContent = title;
  // The first fact in the user's language (facts.js); older records carry
  // English sentences only.
  const first = (record.facts ?? [])[0] ?? (record.summary ?? [])[0];
  document.getElementById("tip-fact").textContent = first ? factText(first, getMessage) : t("tipFactNone");
  const phone = record.official?.phones?.[0];
  if (phone) document.getElementById("tip-call").textContent = t("tipCallInstead", record.official.name || vendor, phone.display);
  document.getElementById("tip-close").addEventListener("click", () => chrome.runtime.sendMessage({ type: MSG.TIP_ACTION, action: "dismiss" }));
  document.getElementById("tip-not-scam").addEventListener("click", () => chrome.runtime.sendMessage({ type: MSG.TIP_ACTION, action: "not-scam" }));
}

function showMark(record, mark) {
  const section = document.getElementById("mark");
  section.hidden = false;
  const vendor = record.vendor || record.official?.name || t("theVendor");
  const lines = document.getElementById("mark-lines");
  if (mark.kind === "contact") {
    section.classList.add("bad");
    document.getElementById("mark-title").textContent = t("markNotOfficial", vendor);
    lines.append(line(markNoteText(mark, record, getMessage)));
  } else {
    section.classList.add("good");
    const n = mark.notice;
    document.getElementById("mark-title").textContent = t("markVerified", vendor);
    if (n.agent) lines.append(line(t("markAgent", n.agent)));
    // One number format everywhere: the directory's display form and label.
    const contact = n.contactDisplay || n.contact;
    if (contact) lines.append(line(t("markContact", n.contactLabel ? `${contact} (${n.contactLabel})` : contact)));
    if (n.ticket) lines.append(line(t("markTicket", n.ticket)));
    if (n.phrase) lines.append(line(t("markPhrase", n.phrase)));
  }
}

async function main() {
  localise();
  await drawSeal(document.getElementById("seal"), document.getElementById("seal-phrase"));
  const markParam = new URLSearchParams(location.search).get("mark");
  const mark = markParam === null ? undefined : Number(markParam);
  const reply = await chrome.runtime.sendMessage({ type: MSG.GET_TIP, mark });
  if (!reply?.ok || !reply.record) return;
  if (mark === undefined) showTip(reply.record);
  else if (reply.mark) showMark(reply.record, reply.mark);
  document.body.dataset.ready = "true";
}

main();
