// The staff signing console.
//
//   key (file, paste, demo, generate) ──► inspectKey: who it is, what it may sign
//   form ──► dry run of signNotice on every change: the directory's refusal,
//            with its reason, before the agent clicks "Sign"
//        ──► signNotice (wasm, in page) ──► email footer (text and HTML),
//            verify link, token; for calls the phrase and the agent's script
//
// Nothing is uploaded. The key is held in this module's memory only (never in
// storage, never in the page's fields once read), and is forgotten when the
// agent locks the console or after IDLE_MINUTES without use. Signing runs in
// wasm in this tab, and signNotice refuses anything a customer's verifier
// would reject, so the dry run gives exactly the reason the verifier would.

// The console loads the package that signs (pkg-console/); the verify pages
// load the smaller verify-only one (pkg/).
import * as consolePackage from "./pkg-console/countersign.js";
import { formatPhone, generateKey } from "./pkg-console/countersign.js";
import { DIRECTORY } from "./config.js";
import {
  channelName,
  copyButton,
  formatWindow,
  h,
  nowSeconds,
  openDirectory,
  show,
  usePackage,
} from "./common.js";

usePackage(consolePackage);

/** The console forgets the key after this long without a key press or click. */
export const IDLE_MINUTES = 5;

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
const demoBanner = document.getElementById("demo-banner");

let countersign = null;
let directory = null;
/** The secret key text, in memory only. */
let secretKey = "";
/** Object URLs of a generated key's files, revoked on lock. */
let downloads = [];
let idleTimer = 0;

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

/** Forgets the key and everything signed with it; `why` is said to the agent. */
function lock(why) {
  secretKey = "";
  keyFile.value = "";
  keyText.value = "";
  clearTimeout(idleTimer);
  for (const url of downloads) URL.revokeObjectURL(url);
  downloads = [];
  generatedArea.hidden = true;
  generatedArea.replaceChildren();
  output.hidden = true;
  outputBody.replaceChildren();
  setStatus(keyStatus, why);
  checkForm();
}

function touch() {
  if (!secretKey) return;
  clearTimeout(idleTimer);
  idleTimer = setTimeout(
    () => lock(`Locked after ${IDLE_MINUTES} minutes without use: the key was forgotten. Load it again to sign.`),
    IDLE_MINUTES * 60 * 1000,
  );
}

for (const type of ["keydown", "pointerdown", "input"]) {
  document.addEventListener(type, touch, { capture: true, passive: true });
}

function useKey(text, source) {
  if (!text.trim()) {
    lock("No key loaded.");
    return;
  }
  const info = countersign.inspectKey(text);
  // The field has done its job: the key now lives in this module only.
  keyText.value = "";
  keyFile.value = "";
  if (!info.ok) {
    lock("");
    setStatus(keyStatus, sentence(info.message), true);
    return;
  }
  secretKey = text;
  touch();
  if (!info.listed) {
    setStatus(
      keyStatus,
      `Key ${info.keyId} (${source}) is not in ${directory.vendor.name}'s directory, so customers would not accept its notices. Ask the directory owner to add its public key.`,
      true,
    );
  } else if (info.revoked) {
    setStatus(keyStatus, `Key ${info.keyId} (${info.name}) has been revoked: it can no longer sign.`, true);
  } else {
    const channels = info.channels.map(channelName).join(", ");
    const team = info.team ? `, ${info.team}` : "";
    setStatus(
      keyStatus,
      `Key ${info.keyId} loaded (${source}): ${info.name}${team}. May sign: ${channels}. Longest notice: ${describeLifetime(info.maxNoticeLifetime)}.`,
    );
    if (!agentInput.value.trim() && !/team/i.test(info.name)) agentInput.value = info.name;
  }
  checkForm();
}

keyFile.addEventListener("change", async () => {
  const file = keyFile.files?.[0];
  if (!file) return;
  if (file.size > 4096) {
    keyFile.value = "";
    setStatus(keyStatus, "That file is too large to be a Countersign key file.", true);
    return;
  }
  useKey(await file.text(), file.name);
});

keyText.addEventListener("input", () => {
  useKey(keyText.value, "pasted");
});

demoKeyButton.addEventListener("click", async () => {
  try {
    const response = await fetch("demo/staff.secret", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    useKey(await response.text(), "demo staff key");
  } catch (error) {
    setStatus(keyStatus, `The demo key could not be loaded (${error.message}).`, true);
  }
});

forgetButton.addEventListener("click", () => lock("Locked: the key was forgotten."));

function downloadLink(label, filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  downloads.push(url);
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

/**
 * Why the directory would refuse the notice as the form stands, or null.
 * Asks the signer itself (a dry run whose result is thrown away), so the
 * reason is the one a customer's verifier would give, in the same words.
 */
function refusal() {
  if (!countersign) return "The console is still loading.";
  if (!secretKey) return "Load your signing key first.";
  const built = buildRequest();
  if (built.error) return built.error;
  // Said plainly here: the signer would only see dates that contradict the
  // moment of signing.
  if (built.request.windowEnd !== undefined && built.request.windowEnd <= nowSeconds()) {
    return "The call window has already ended: choose a start time still to come.";
  }
  const dryRun = countersign.signNotice(secretKey, built.request, nowSeconds());
  return dryRun.ok ? null : sentence(dryRun.message);
}

function checkForm() {
  const why = refusal();
  signButton.disabled = why !== null;
  if (why === null) {
    setStatus(signStatus, "Ready to sign.");
  } else if (secretKey) {
    setStatus(signStatus, `Cannot sign this notice: ${why}`, true);
  } else {
    setStatus(signStatus, why);
  }
}

channelSelect.addEventListener("change", () => {
  fillContacts();
  checkForm();
});
form.addEventListener("input", checkForm);
form.addEventListener("change", checkForm);

// ---- What the agent sends and says ------------------------------------------

function outputBlock(title, text, copyLabel, testId) {
  return h(
    "div",
    { class: "output-block" },
    h("span", { class: "label" }, title),
    h("pre", { "data-testid": testId }, text),
    copyButton(copyLabel, () => text),
  );
}

const POLICY_LINES = {
  "no-remote-access": "Never ask the customer to install remote-access software.",
  "no-gift-cards": "Never ask for payment in gift cards, cryptocurrency or wire transfers.",
  "no-secrets": "Never ask for a password, a full card number or a licence key.",
};

/** The plain-text email footer: a sentence, the verify link and the block. */
function plainFooter(signed, vendor) {
  return [
    `This message is from ${vendor}. To check that it really is, open ${signed.link}`,
    `or paste the notice below into our verify page, ${directory.verify_url}`,
    "",
    signed.armor,
  ].join("\n");
}

/**
 * The HTML email footer, built as DOM nodes (text only, never parsed HTML)
 * and shown as a preview; its markup, serialised by the browser, is what
 * the agent copies, so every value in it is escaped.
 */
function htmlFooter(signed, vendor) {
  return h(
    "div",
    { class: "countersign-footer" },
    h(
      "p",
      {},
      `This message is from ${vendor}. `,
      h("a", { href: signed.link }, "Check that it really is"),
      `, or paste the notice below into our verify page, ${directory.verify_url}`,
    ),
    h("pre", {}, signed.armor),
  );
}

/** What the agent says, in order, on a call this notice announces. */
function callScript(signed, vendor) {
  const notice = signed.notice;
  const about = notice.ticket ? `about ticket ${notice.ticket}, as we arranged` : "as we arranged";
  const official = directory.phones.map((p) => formatPhone(p.number)).join(" or ");
  const lines =
    notice.channel === "scheduled-call"
      ? [
          `Hello, this is ${notice.agent} from ${vendor}, calling ${about}.`,
          `Before anything else, our countersign phrase for this call is: ${signed.phrase}. It is in the notice we sent you; please check that it matches.`,
          `If you would rather be sure, hang up and call us back on ${official}, the numbers on our web site.`,
        ]
      : [
          `When the customer calls ${notice.contactDisplay}: "Thank you for calling ${vendor}. This is ${notice.agent}, about your callback request."`,
          `Say the countersign phrase before asking anything: ${signed.phrase}. It is in the notice we sent.`,
        ];
  for (const policy of directory.policies) {
    if (POLICY_LINES[policy.id]) lines.push(POLICY_LINES[policy.id]);
  }
  return lines;
}

function showSigned(signed) {
  const notice = signed.notice;
  const vendor = notice.vendorName;
  const blocks = [
    h(
      "p",
      {},
      `${channelName(notice.channel)} from ${notice.contactDisplay} (${notice.contactLabel}), `,
      `${notice.channel === "scheduled-call" ? "call window" : "valid"} ${formatWindow(notice.notBefore, notice.expiresAt)}.`,
    ),
  ];
  if (signed.phrase) {
    const script = callScript(signed, vendor);
    blocks.push(
      h(
        "div",
        { class: "phrase-box" },
        h("span", {}, "Say this countersign phrase on the call:"),
        h("span", { class: "phrase", "data-testid": "phrase" }, signed.phrase),
      ),
      h("h3", {}, "What to say"),
      h("ol", { "data-testid": "script" }, script.map((line) => h("li", {}, line))),
      h("p", {}, "Send the customer the footer below before the call, so that they have the phrase to check."),
    );
  }
  const preview = htmlFooter(signed, vendor);
  const footerText = plainFooter(signed, vendor);
  blocks.push(
    outputBlock("Verify link", signed.link, "Copy link", "link"),
    outputBlock("Email footer, plain text", footerText, "Copy plain-text footer", "footer-text"),
    h(
      "div",
      { class: "output-block" },
      h("span", { class: "label" }, "Email footer, HTML (preview)"),
      h("div", { class: "footer-preview", "data-testid": "footer-preview" }, preview),
      h("pre", { "data-testid": "footer-html" }, preview.outerHTML),
      copyButton("Copy HTML footer", () => preview.outerHTML),
    ),
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
  const why = refusal();
  if (why !== null) {
    output.hidden = true;
    setStatus(signStatus, `Cannot sign this notice: ${why}`, true);
    return;
  }
  const built = buildRequest();
  const signed = countersign.signNotice(secretKey, built.request, nowSeconds());
  if (!signed.ok) {
    output.hidden = true;
    setStatus(signStatus, `Cannot sign this notice: ${sentence(signed.message)}`, true);
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
  directory = countersign.directory().directory;
  document.getElementById("vendor-name").textContent = directory.vendor.name;
  // The demo key button and banner only make sense for the demo vendor.
  const demo = DIRECTORY === null;
  demoKeyButton.hidden = !demo;
  demoBanner.hidden = !demo;
  windowStartInput.value = defaultWindowStart();
  fillContacts();
  setStatus(keyStatus, "No key loaded.");
  checkForm();
}

start();
