// The settings page: the security phrase and colour the popup shows, the
// user's email addresses for recipient-bound notices, and the vendor's
// official contacts from the signed directory.

import { MSG } from "./messages.js";
import { SECURITY_COLORS, loadSettings, saveSettings } from "./settings.js";

let chosenColor = SECURITY_COLORS[0];

function el(tag, text) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  return node;
}

function showPreview() {
  const phrase = document.getElementById("phrase").value.trim();
  document.documentElement.style.setProperty("--security-color", chosenColor);
  document.getElementById("preview-phrase").textContent = phrase || "(no phrase)";
  for (const button of document.querySelectorAll("#colors button")) {
    button.setAttribute("aria-checked", String(button.dataset.color === chosenColor));
  }
}

function buildColorPicker() {
  const group = document.getElementById("colors");
  for (const color of SECURITY_COLORS) {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "radio");
    button.setAttribute("aria-label", color);
    button.dataset.color = color;
    button.style.background = color;
    button.addEventListener("click", () => {
      chosenColor = color;
      showPreview();
    });
    group.append(button);
  }
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
  document.getElementById("saved").textContent = "Saved.";
  setTimeout(() => {
    document.getElementById("saved").textContent = "";
  }, 2000);
}

function fillList(id, items) {
  const list = document.getElementById(id);
  list.replaceChildren(...items.map((text) => el("li", text)));
}

async function showDirectory() {
  const status = document.getElementById("directory-status");
  const reply = await chrome.runtime.sendMessage({ type: MSG.GET_DIRECTORY });
  if (!reply?.ok) {
    status.textContent = `The directory could not be loaded: ${reply?.message ?? "no answer"}`;
    return;
  }
  status.textContent = `${reply.vendor.name}, from its signed directory (valid until ${new Date(reply.expiresAt * 1000).toLocaleDateString()}).`;
  fillList("dir-domains", reply.domains.map((d) => (d.include_subdomains ? `${d.domain} and its subdomains` : d.domain)));
  fillList("dir-emails", reply.emails.map((e) => `${e.address} (${e.label})`));
  fillList("dir-phones", reply.phones.map((p) => `${p.number} (${p.label})`));
  fillList("dir-policies", reply.policies.map((p) => p.text));
  document.getElementById("directory-body").hidden = false;
}

buildColorPicker();
document.getElementById("phrase").addEventListener("input", showPreview);
document.getElementById("settings").addEventListener("submit", save);
showSettings();
showDirectory();
