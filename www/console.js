// The staff signing console.
//
//   key (file, paste, demo, generate) ──► inspectKey: who it is, what it may sign
//   form ──► signNotice (wasm, in page) ──► token, armored block, verify link
//
// Nothing is uploaded: the key is held in this module's memory only (never in
// storage), and signing runs in wasm in this tab. signNotice refuses to sign
// anything a customer's verifier would reject, and says why.

import { formatPhone, generateKey } from "./pkg/countersign.js";
import {
  channelName,
  copyButton,
  formatWindow,
  h,
  nowSeconds,
  openDirectory,
  show,
} from "./common.js";

const keyFile = document.getElementById("key-file");
const keyText = document.getElementById("key-text");
const keyStatus = document.getElementById("key-status");
const demoKeyButton = document.getElementById("demo-key");
const generateButton = document.getElementById("generate-key");
const forgetButton = document.getElementById("forget-key");
const generatedArea = document.getElementById("generated");

const form = document.getElementById("sign-form");
const channelSelect = document.getElementById("channel");
const contactSelect = document.getElementById("contact");
const contactLabelText = document.getElementById("contact-label-text");
const agentInput = document.getElementById("agent");
const ticketInput = document.getElementById("ticket");
const recipientInput = document.getElementById("recipient");
const validityFields = document.getElementById("validity-fields");
const validForSelect = document.getElementById("valid-for");
const windowFields = document.getElementById("window-fields");
const windowStartInput = document.getElementById("window-start");
const windowMinutesSelect = document.getElementById("window-minutes");
const bodyDetails = document.getElementById("body-details");
const bodyInput = document.getElementById("body");
const signButton = document.getElementById("sign-button");
const signStatus = document.getElementById("sign-status");
const output = document.getElementById("output");
const outputBody = document.getElementById("output-body");

let countersign = null;
let directory = null;
/** The secret key text, in memory only. */
let secretKey = "";

function setStatus(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle("error-text", isError);
}

function sentence(text) {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function describeLifetime(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  return `${Math.round(seconds / 60)} minutes`;
}

// ---- The key -------------------------------------------------------------

function useKey(text, source) {
  secretKey = text;
  if (!text.trim()) {
    setStatus(keyStatus, "");
    signButton.disabled = true;
    return;
  }
  const info = countersign.inspectKey(text);
  if (!info.ok) {
    secretKey = "";
    signButton.disabled = true;
    setStatus(keyStatus, sentence(info.message), true);
    return;
  }
  signButton.disabled = false;
  if (!info.listed) {
    setStatus(
      keyStatus,
      `Key ${info.keyId} (${source}) is not in ${directory.vendor.name}'s directory, so customers would not accept its notices. Ask the directory owner to add its public key.`,
      true,
    );
    return;
  }
  if (info.revoked) {
    setStatus(keyStatus, `Key ${info.keyId} (${info.name}) has been revoked: it can no longer sign.`, true);
    return;
  }
  const channels = info.channels.map(channelName).join(", ");
  const team = info.team ? `, ${info.team}` : "";
  setStatus(
    keyStatus,
    `Key ${info.keyId} loaded (${source}): ${info.name}${team}. May sign: ${channels}. Longest notice: ${describeLifetime(info.maxNoticeLifetime)}.`,
  );
  if (!agentInput.value.trim() && !/team/i.test(info.name)) agentInput.value = info.name;
}

keyFile.addEventListener("change", async () => {
  const file = keyFile.files?.[0];
  if (!file) return;
  if (file.size > 4096) {
    setStatus(keyStatus, "That file is too large to be a Countersign key file.", true);
    return;
  }
  keyText.value = "";
  useKey(await file.text(), file.name);
});

keyText.addEventListener("input", () => {
  keyFile.value = "";
  useKey(keyText.value, "pasted");
});

demoKeyButton.addEventListener("click", async () => {
  try {
    const response = await fetch("demo/staff.secret", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    keyFile.value = "";
    keyText.value = "";
    useKey(await response.text(), "demo staff key");
  } catch (error) {
    setStatus(keyStatus, `The demo key could not be loaded (${error.message}).`, true);
  }
});

forgetButton.addEventListener("click", () => {
  keyFile.value = "";
  keyText.value = "";
  useKey("", "");
  setStatus(keyStatus, "The key was forgotten.");
});

function downloadLink(label, filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  return h("a", { href: url, download: filename, class: "button secondary" }, label);
}

generateButton.addEventListener("click", () => {
  const key = generateKey();
  if (!key.ok) {
    setStatus(keyStatus, sentence(key.message), true);
    return;
  }
  const secretFile =
    `# countersign secret key ${key.keyId}\n` +
    "# Keep this file private: whoever holds it signs as you.\n" +
    `${key.secret}\n`;
  const publicFile = `# countersign public key ${key.keyId}\n${key.public}\n`;
  generatedArea.hidden = false;
  show(
    generatedArea,
    h("h3", {}, `New key ${key.keyId}`),
    h(
      "p",
      {},
      "Save the secret key file somewhere only you can read it, and send the public key to whoever maintains the directory: notices signed with this key are accepted once the directory lists it.",
    ),
    h("span", { class: "label" }, "Public key"),
    h("pre", {}, key.public),
    h(
      "div",
      { class: "actions" },
      downloadLink("Download secret key file", `countersign-${key.keyId}.secret`, secretFile),
      downloadLink("Download public key", `countersign-${key.keyId}.pub`, publicFile),
      copyButton("Copy public key", () => key.public),
    ),
  );
});

// ---- The notice form ------------------------------------------------------

function fillContacts() {
  const channel = channelSelect.value;
  const isPhone = channel !== "email";
  contactLabelText.textContent =
    channel === "email" ? "Sending address" : channel === "scheduled-call" ? "Calling from" : "Number to call back";
  const options = isPhone
    ? directory.phones.map((p) => [p.number, `${formatPhone(p.number)} · ${p.label}`])
    : directory.emails.map((e) => [e.address, `${e.address} · ${e.label}`]);
  contactSelect.replaceChildren(...options.map(([value, label]) => h("option", { value }, label)));
  validityFields.hidden = channel === "scheduled-call";
  windowFields.hidden = channel !== "scheduled-call";
  bodyDetails.hidden = channel !== "email";
}

function defaultWindowStart() {
  // The next full hour, in the datetime-local format (local time).
  const start = new Date();
  start.setMinutes(60, 0, 0);
  const pad = (n) => String(n).padStart(2, "0");
  return `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T${pad(start.getHours())}:${pad(start.getMinutes())}`;
}

channelSelect.addEventListener("change", fillContacts);

function buildRequest() {
  const channel = channelSelect.value;
  const request = {
    channel,
    agent: agentInput.value,
    contact: contactSelect.value,
    ticket: ticketInput.value,
    recipient: recipientInput.value,
  };
  if (channel === "scheduled-call") {
    const start = new Date(windowStartInput.value);
    if (Number.isNaN(start.getTime())) return { error: "Choose when the call window starts." };
    const startSeconds = Math.floor(start.getTime() / 1000);
    request.windowStart = startSeconds;
    request.windowEnd = startSeconds + Number(windowMinutesSelect.value) * 60;
  } else {
    request.validFor = Number(validForSelect.value);
  }
  if (channel === "email" && bodyInput.value.trim()) request.body = bodyInput.value;
  return { request };
}

function outputBlock(title, text, copyLabel, testId) {
  return h(
    "div",
    { class: "output-block" },
    h("span", { class: "label" }, title),
    h("pre", { "data-testid": testId }, text),
    copyButton(copyLabel, () => text),
  );
}

function showSigned(signed) {
  const notice = signed.notice;
  const blocks = [];
  if (signed.phrase) {
    blocks.push(
      h(
        "div",
        { class: "phrase-box" },
        h("span", {}, "Say this countersign phrase on the call:"),
        h("span", { class: "phrase", "data-testid": "phrase" }, signed.phrase),
      ),
    );
  }
  blocks.push(
    h(
      "p",
      {},
      `${channelName(notice.channel)} from ${notice.contactDisplay} (${notice.contactLabel}), `,
      `${notice.channel === "scheduled-call" ? "call window" : "valid"} ${formatWindow(notice.notBefore, notice.expiresAt)}.`,
    ),
    outputBlock("Verify link: put it in the message", signed.link, "Copy link", "link"),
    outputBlock("Notice block: for plain-text email footers", signed.armor, "Copy block", "armor"),
    outputBlock("Token: for forms and chat", signed.token, "Copy token", "token"),
    h(
      "p",
      { class: "note" },
      "Check it as a customer would: ",
      h("a", { href: `verify.html#${signed.token}`, "data-testid": "local-verify" }, "open it on this site's verify page"),
      ".",
    ),
  );
  output.hidden = false;
  show(outputBody, blocks);
  output.scrollIntoView({ block: "start" });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (!secretKey) {
    setStatus(signStatus, "Load your signing key first.", true);
    return;
  }
  const built = buildRequest();
  if (built.error) {
    setStatus(signStatus, built.error, true);
    return;
  }
  const signed = countersign.signNotice(secretKey, built.request, nowSeconds());
  if (!signed.ok) {
    output.hidden = true;
    setStatus(signStatus, sentence(signed.message), true);
    return;
  }
  setStatus(signStatus, `Signed notice ${signed.id}.`);
  showSigned(signed);
});

async function start() {
  const opened = await openDirectory().catch((error) => ({
    ok: false,
    message: `the console could not load: ${error.message}`,
  }));
  if (!opened.ok) {
    setStatus(signStatus, sentence(opened.message), true);
    return;
  }
  countersign = opened.countersign;
  const view = countersign.directory();
  directory = view.directory;
  windowStartInput.value = defaultWindowStart();
  fillContacts();
  setStatus(keyStatus, "No key loaded.");
}

start();
