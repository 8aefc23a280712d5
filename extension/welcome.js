// The first-run page, opened by the worker when the extension is installed
// (ui-handlers.js). Three things a new user would otherwise never do:
// make the security seal their own, give their email addresses (notices
// bound to one recipient are otherwise never checked against them), and pin
// the toolbar icon (Chrome hides new extensions in the puzzle menu, where
// the badge cannot be seen).

import { localizePage, t } from "./i18n.js";
import { colorPicker, showSeal } from "./seal.js";
import { ensureSecurityPhrase, loadSettings, saveSettings } from "./settings.js";

let chosen = null;
let picker = null;

function preview() {
  const phrase = document.getElementById("phrase").value.trim();
  showSeal({ securityPhrase: phrase, securityColor: chosen }, document.getElementById("security-phrase"));
  picker.select(chosen);
}

async function save(event) {
  event.preventDefault();
  const saved = await saveSettings({
    securityPhrase: document.getElementById("phrase").value,
    securityColor: chosen,
    recipients: document.getElementById("recipients").value.split(/[\s,;]+/),
  });
  document.getElementById("recipients").value = saved.recipients.join("\n");
  document.getElementById("saved").textContent = t("savedStatus");
}

async function main() {
  localizePage();
  picker = colorPicker(document.getElementById("colors"), (color) => {
    chosen = color;
    preview();
  });
  // The worker draws a phrase at install; this page may open first.
  await ensureSecurityPhrase();
  const settings = await loadSettings();
  chosen = settings.securityColor;
  document.getElementById("phrase").value = settings.securityPhrase;
  document.getElementById("recipients").value = settings.recipients.join("\n");
  document.getElementById("phrase").addEventListener("input", preview);
  document.getElementById("welcome").addEventListener("submit", save);
  preview();
}

main();
