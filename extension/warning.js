// The full-tab warning. Everything it shows comes from the worker's record
// for this tab (GET_WARNING), set as text, never HTML; the page that was
// replaced has no way to reach this document.

import { factLines } from "./facts.js";
import { t, localise } from "./i18n.js";
import { MSG } from "./messages.js";
import { drawSeal } from "./seal.js";

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function render(warning) {
  const { record, url } = warning;
  const vendor = record.vendor || record.official?.name || "";
  const headline = record.verdict === "invalid-notice" ? "warningHeadlineNotice" : "warningHeadline";
  document.getElementById("headline").textContent = vendor ? t(headline, vendor) : t("warningHeadlineNoVendor");
  document.getElementById("address").textContent = t("warningAddress", url);

  const facts = document.getElementById("facts");
  // The one or two decisive facts, in the user's language (facts.js).
  const said = factLines(Array.isArray(record.facts) && record.facts.length > 0 ? record.facts : record.summary, (key, subs) => chrome.i18n.getMessage(key, subs), 2);
  const none = vendor ? t("warningFactNone", vendor) : t("warningFactNoneNoVendor");
  for (const fact of said.length > 0 ? said : [none]) facts.append(el("li", fact));

  const official = record.official;
  if (official && (official.phones?.length || official.emails?.length || official.domains?.length)) {
    document.getElementById("official").hidden = false;
    document.getElementById("official-title").textContent = t("warningOfficial", official.name || vendor);
    const list = document.getElementById("official-list");
    for (const p of official.phones ?? []) list.append(el("li", p.label ? `${p.display} (${p.label})` : p.display));
    for (const e of official.emails ?? []) list.append(el("li", e.label ? `${e.address} (${e.label})` : e.address));
    if (official.domains?.[0]) {
      list.append(el("li", t("warningOfficialSite", official.domains[0])));
      document.getElementById("go-official").hidden = false;
    }
  }
}

async function act(action) {
  const reply = await chrome.runtime.sendMessage({ type: MSG.WARNING_ACTION, action });
  return reply?.ok === true;
}

async function main() {
  localise();
  await drawSeal(document.getElementById("seal"), document.getElementById("seal-phrase"));
  const reply = await chrome.runtime.sendMessage({ type: MSG.GET_WARNING });
  const warning = reply?.ok ? reply.warning : null;
  if (!warning) {
    document.getElementById("headline").textContent = t("warningNothing");
    for (const id of ["go-official", "more"]) document.getElementById(id).hidden = true;
  } else {
    render(warning);
  }
  document.getElementById("back").addEventListener("click", async () => {
    // Back past the page this warning replaced, when the tab has history.
    if (history.length > 2) history.go(-2);
    else await act("back");
  });
  document.getElementById("go-official").addEventListener("click", () => act("official"));
  document.getElementById("continue").addEventListener("click", () => act("continue"));
  document.getElementById("back").focus();
  document.body.dataset.ready = "true";
}

main();
