// The settings page: the security seal (phrase and colour) the popup and
// the warnings show, the user's email addresses for recipient-bound notices,
// the sites the user said are not scams (each undoable), and every vendor's
// official contacts from its signed directory. The vendors section
// (#vendors) belongs to options-vendors.js.

import { localizePage, t } from "./i18n.js";
import { STORAGE, UI_MSG } from "./messages.js";
import { colorPicker } from "./seal.js";
import { SECURITY_COLORS, loadSettings, saveSettings } from "./settings.js";

let chosenColor = SECURITY_COLORS[0];
let picker = null;

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function showPreview() {
  const phrase = document.getElementById("phrase").value.trim();
  document.documentElement.style.setProperty("--security-color", chosenColor);
  document.getElementById("preview-phrase").textContent = phrase || t("sealNotSet");
  picker.select(chosenColor);
}

async function showSettings() {
  const settings = await loadSettings();
  chosenColor = SECURITY_COLORS.includes(settings.securityColor) ? settings.securityColor : SECURITY_COLORS[0];
  document.getElementById("phrase").value = settings.securityPhrase;
  document.getElementById("recipients").value = settings.recipients.join("\n");
  showPreview();
}

async function save(event) {
  event.preventDefault();
  const saved = await saveSettings({
    securityPhrase: document.getElementById("phrase").value,
    securityColor: chosenColor,
    recipients: document.getElementById("recipients").value.split(/[\s,;]+/),
  });
  document.getElementById("recipients").value = saved.recipients.join("\n");
  document.getElementById("saved").textContent = t("savedStatus");
  setTimeout(() => {
    document.getElementById("saved").textContent = "";
  }, 2000);
}

// ---------------------------------------------------------------------------
// Sites the user said are not scams (written by the warning page).

async function showAllowed() {
  const stored = (await chrome.storage.local.get(STORAGE.ALLOWED_SITES))[STORAGE.ALLOWED_SITES];
  const sites = stored && typeof stored === "object" ? Object.entries(stored) : [];
  sites.sort(([, a], [, b]) => (b?.at ?? 0) - (a?.at ?? 0));
  document.getElementById("allowed-empty").hidden = sites.length > 0;
  document.getElementById("allowed-list").replaceChildren(
    ...sites.map(([host, entry]) => {
      const item = el("li");
      item.append(el("span", host), " ");
      if (Number.isFinite(entry?.at)) {
        const when = new Date(entry.at * (entry.at < 1e12 ? 1000 : 1)).toLocaleDateString(document.documentElement.lang);
        item.append(el("span", t("allowedSince", when)), " ");
      }
      const undo = el("button", t("allowedUndo"));
      undo.type = "button";
      undo.setAttribute("aria-label", t("allowedUndoLabel", host));
      undo.addEventListener("click", () => removeAllowed(host));
      item.append(undo);
      return item;
    }),
  );
}

async function removeAllowed(host) {
  const stored = (await chrome.storage.local.get(STORAGE.ALLOWED_SITES))[STORAGE.ALLOWED_SITES] ?? {};
  const rest = Object.fromEntries(Object.entries(stored).filter(([name]) => name !== host));
  await chrome.storage.local.set({ [STORAGE.ALLOWED_SITES]: rest });
}

// ---------------------------------------------------------------------------
// Official contacts, from the signed directories.

function list(items) {
  const ul = el("ul");
  ul.append(...items.map((text) => el("li", text)));
  return ul;
}

async function showDirectory() {
  const status = document.getElementById("directory-status");
  const reply = await chrome.runtime.sendMessage({ type: UI_MSG.GET_OFFICIAL }).catch((e) => ({ ok: false, message: String(e) }));
  if (!reply?.ok || reply.vendors.length === 0) {
    status.textContent = t("directoryFailed", reply?.message ?? "");
    return;
  }
  status.textContent = t("directoryFrom");
  const body = document.getElementById("directory-body");
  body.replaceChildren(
    ...reply.vendors.map((v) => {
      const box = el("div");
      box.className = "vendor";
      const until = new Date(v.expiresAt * 1000).toLocaleDateString(document.documentElement.lang);
      box.append(
        el("h3", v.name),
        el("p", t("directoryValidUntil", until)),
        el("h4", t("officialSites")),
        list(v.domains.map((d) => (d.subdomains ? t("domainAndSubdomains", d.domain) : d.domain))),
        el("h4", t("officialEmails")),
        list(v.emails.map((e) => `${e.address} (${e.label})`)),
        el("h4", t("officialPhones")),
        list(v.phones.map((p) => `${p.display} (${p.label})`)),
        el("h4", t("officialPolicies")),
        list(v.policies),
      );
      return box;
    }),
  );
}

localizePage();
picker = colorPicker(document.getElementById("colors"), (color) => {
  chosenColor = color;
  showPreview();
});
document.getElementById("phrase").addEventListener("input", showPreview);
document.getElementById("settings").addEventListener("submit", save);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && Object.hasOwn(changes, STORAGE.ALLOWED_SITES)) showAllowed();
});
showSettings();
showAllowed();
showDirectory();
