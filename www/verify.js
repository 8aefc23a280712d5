// The public verify page.
//
//   location.hash or paste box ──► Countersign.verifyNotice (wasm, in page)
//                                      │
//                      green "genuine" card  or  red card with the reason
//
// The notice in a verify link travels in the URL fragment, which browsers
// never send to a server; this page makes no network request with it. All
// text from the notice is inserted with text nodes only (see common.js).

import { formatPhone } from "./pkg/countersign.js";
import {
  channelName,
  formatTime,
  formatWindow,
  h,
  nowSeconds,
  openDirectory,
  relativeTime,
  show,
} from "./common.js";

const form = document.getElementById("verify-form");
const noticeInput = document.getElementById("notice");
const recipientInput = document.getElementById("recipient");
const bodyInput = document.getElementById("body");
const verifyButton = document.getElementById("verify-button");
const statusLine = document.getElementById("status");
const resultArea = document.getElementById("result");
const officialArea = document.getElementById("official");

/** Headings for refusals, by error code; the message gives the detail. */
const REFUSAL_TITLES = {
  "bad-signature": "Altered or forged notice",
  "unknown-key": "Not signed by Northwind Security",
  "revoked-key": "Signed with a revoked key",
  "key-not-valid": "Signed outside the key's validity",
  "channel-not-allowed": "Signed by a key not allowed to",
  "lifetime-too-long": "Valid for longer than allowed",
  "bad-window": "Contradictory dates",
  "issued-in-future": "Dated in the future",
  "not-yet-valid": "Not valid yet",
  expired: "Expired notice",
  "unofficial-contact": "Unofficial contact details",
  "missing-phrase": "Call notice without a countersign phrase",
  "not-for-recipient": "Not addressed to you",
  "body-mismatch": "The message was changed",
  "wrong-vendor": "Not a Northwind Security notice",
  "malformed-notice": "Not a readable notice",
  "malformed-claims": "Not a readable notice",
  "unsupported-version": "Notice from a newer version",
};

let countersign = null;
let vendorName = "the vendor";

function sentence(text) {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function contactLine(notice) {
  const label = notice.contactLabel ? ` (${notice.contactLabel})` : "";
  return `${notice.contactDisplay}${label}`;
}

function contactTerm(channel) {
  switch (channel) {
    case "email":
      return "Sent from";
    case "scheduled-call":
      return "Calling from";
    default:
      return "Number to call";
  }
}

function recipientFact(notice) {
  switch (notice.recipient) {
    case "matched":
      return h("span", { class: "check-ok" }, "You: your email address matches");
    case "not-checked":
      return h(
        "span",
        {},
        "One customer. ",
        h("span", { class: "sub" }, "Enter your email address below to check that it is you."),
      );
    default:
      return h("span", {}, "Not addressed to one customer");
  }
}

function bodyFact(notice) {
  switch (notice.body) {
    case "matched":
      return h("span", { class: "check-ok" }, "Unchanged since it was signed");
    case "not-checked":
      return h(
        "span",
        {},
        "Covered by the signature. ",
        h("span", { class: "sub" }, "Paste it under “Also check the message text” to check it."),
      );
    default:
      return null;
  }
}

function channelAdvice(notice) {
  switch (notice.channel) {
    case "email":
      return `Trust the email only if it came from ${notice.contact}. The Countersign browser extension checks this for you in webmail.`;
    case "scheduled-call":
      return `Expect the call from ${notice.contactDisplay} during the window above. If someone calls at another time, or cannot say the phrase, hang up.`;
    default:
      return `${notice.contactDisplay} is an official ${vendorName} number. Call it yourself; never call a number you were only given in the message.`;
  }
}

function upcomingNote(notice) {
  const what = notice.channel === "scheduled-call" ? "The call is scheduled" : "This notice is valid";
  return h(
    "p",
    { class: "upcoming", "data-testid": "upcoming" },
    h("strong", {}, `${what} for ${formatWindow(notice.notBefore, notice.expiresAt)}`),
    ` (${relativeTime(notice.notBefore)}). A call or message before then is not covered by this notice.`,
  );
}

function genuineCard(notice, encoding, status) {
  const window =
    notice.channel === "scheduled-call" ? "Call window" : "Valid";
  const facts = [
    ["Agent", notice.agent],
    ["Channel", channelName(notice.channel)],
    [contactTerm(notice.channel), contactLine(notice)],
    notice.ticket ? ["Ticket", notice.ticket] : null,
    [
      window,
      h(
        "span",
        {},
        formatWindow(notice.notBefore, notice.expiresAt),
        h("span", { class: "sub" }, ` (ends ${relativeTime(notice.expiresAt)})`),
      ),
    ],
    ["Addressed to", recipientFact(notice)],
    bodyFact(notice) ? ["Message text", bodyFact(notice)] : null,
    [
      "Signed by",
      h(
        "span",
        {},
        notice.signerName,
        notice.signerTeam ? h("span", { class: "sub" }, `, ${notice.signerTeam}`) : null,
        h("span", { class: "sub" }, ` · ${formatTime(notice.issuedAt)}`),
      ),
    ],
    ["Notice id", h("span", { class: "sub" }, notice.id)],
  ].filter(Boolean);

  const phrase = notice.phrase
    ? h(
        "div",
        { class: "phrase-box" },
        h("span", {}, "The agent will say this countersign phrase:"),
        h("span", { class: "phrase", "data-testid": "phrase" }, notice.phrase),
        h("span", { class: "note" }, "If the caller cannot say it, hang up and call an official number yourself."),
      )
    : null;

  const encodingNote =
    encoding === "link" ? "verify link" : encoding === "armor" ? "notice block" : "notice";

  return h(
    "section",
    {
      class: "card genuine",
      "aria-labelledby": "result-title",
      "data-result": "genuine",
      "data-status": status,
    },
    h(
      "h2",
      { id: "result-title", tabindex: "-1" },
      h("span", { class: "icon", "aria-hidden": "true" }, "✓"),
      `Genuine notice from ${notice.vendorName}`,
    ),
    h(
      "p",
      {},
      `This ${encodingNote} was signed by a staff key listed in ${notice.vendorName}'s signed directory, and every check passed.`,
    ),
    status === "upcoming" ? upcomingNote(notice) : null,
    phrase,
    h(
      "dl",
      { class: "facts" },
      facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]),
    ),
    h("p", { class: "note" }, channelAdvice(notice)),
  );
}

function refusedCard(result) {
  const title = REFUSAL_TITLES[result.code] ?? "Not a genuine notice";
  return h(
    "section",
    { class: "card refused", "aria-labelledby": "result-title", "data-result": "refused", "data-code": result.code },
    h(
      "h2",
      { id: "result-title", tabindex: "-1" },
      h("span", { class: "icon", "aria-hidden": "true" }, "✗"),
      title,
    ),
    h("p", { class: "reason" }, sentence(result.message)),
    h(
      "p",
      {},
      `Do not reply, call any number, follow any link, or install anything because of this message. If you need ${vendorName}, use the official contacts below.`,
    ),
  );
}

function showResult(card) {
  show(resultArea, card);
  const heading = card.querySelector("h2");
  heading?.focus({ preventScroll: true });
  card.scrollIntoView({ block: "nearest" });
}

function verify(text) {
  if (!countersign) return;
  if (!text.trim()) {
    show(resultArea);
    statusLine.textContent = "Paste a notice, a verify link or a whole message first.";
    return;
  }
  const result = countersign.verifyNotice(text, {
    now: nowSeconds(),
    recipient: recipientInput.value.trim() || undefined,
    body: bodyInput.value.trim() ? bodyInput.value : undefined,
  });
  statusLine.textContent = "";
  showResult(
    result.ok ? genuineCard(result.notice, result.encoding, result.status) : refusedCard(result),
  );
}

function tokenFromHash() {
  const fragment = location.hash.slice(1);
  if (!fragment) return "";
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

function renderOfficial(view) {
  const directory = view.directory;
  vendorName = directory.vendor.name;
  const phones = directory.phones.map((phone) =>
    h("li", {}, h("strong", {}, formatPhone(phone.number)), ` ${phone.label}`),
  );
  const emails = directory.emails.map((email) =>
    h("li", {}, h("strong", {}, email.address), ` ${email.label}`),
  );
  const domains = directory.domains.map((domain) =>
    h(
      "li",
      {},
      h("strong", {}, domain.domain),
      domain.include_subdomains ? " and its subdomains" : "",
    ),
  );
  const policies = directory.policies.map((policy) => h("li", {}, policy.text));
  show(
    officialArea,
    h("h3", {}, "Phone"),
    h("ul", { class: "contacts" }, phones),
    h("h3", {}, "Email"),
    h("ul", { class: "contacts" }, emails),
    h("h3", {}, "Web"),
    h("ul", { class: "contacts" }, domains),
    h("h3", {}, "How they contact you"),
    h("ul", { class: "contacts" }, policies),
    h(
      "p",
      { class: "note" },
      `Directory version ${directory.sequence}, signed by root key ${view.rootKeyId}, valid until ${formatTime(directory.expires_at)}.`,
    ),
  );
}

async function start() {
  let opened;
  try {
    opened = await openDirectory();
  } catch (error) {
    opened = { ok: false, code: "load-failed", message: `the verifier could not load: ${error.message}` };
  }
  if (!opened.ok) {
    statusLine.textContent = "";
    show(
      resultArea,
      h(
        "section",
        { class: "card refused", "data-result": "unavailable" },
        h("h2", {}, "The verifier cannot check notices right now"),
        h("p", { class: "reason" }, sentence(opened.message)),
      ),
    );
    show(officialArea, "Unavailable.");
    return;
  }
  countersign = opened.countersign;
  const view = countersign.directory();
  if (view.ok) renderOfficial(view);
  verifyButton.disabled = false;
  statusLine.textContent = "";

  const fromHash = tokenFromHash();
  if (fromHash) {
    noticeInput.value = fromHash;
    verify(fromHash);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  verify(noticeInput.value);
});

form.addEventListener("reset", () => {
  show(resultArea);
  statusLine.textContent = "";
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
});

window.addEventListener("hashchange", () => {
  const fromHash = tokenFromHash();
  if (fromHash) {
    noticeInput.value = fromHash;
    verify(fromHash);
  }
});

start();
