// The public verify page.
//
//   location.hash or paste box ──► Countersign.verifyNotice (wasm, in page)
//                                      │
//                      green "genuine" card  or  red card with the reason
//
// The notice in a verify link travels in the URL fragment, which browsers
// never send to a server; this page makes no network request with it. All
// text from the notice is inserted with text nodes only (see common.js).
//
// Every notice in what is pasted is checked, each with the message around it
// (the core's one rule: a notice verifies a message only when the message
// matches it). Only a message whose every notice verified gets a green card;
// a genuine notice copied into another message, or followed by text nothing
// signed, gets a warning that says why. A verify link's fragment must be a
// notice and nothing else: any other text in it is never shown, so nobody
// can put their words into this page next to a green card.

// First, so that it runs before the other modules: the verifier starts
// compiling while they load and run.
import { compiling } from "./verifier-start.js";
import { DIRECTORY } from "./config.js";
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
  useCompiled,
} from "./common.js";

useCompiled(compiling);

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
  "unknown-key": "Not signed by {vendor}",
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
  "wrong-vendor": "Not a {vendor} notice",
  "malformed-notice": "Not a readable notice",
  "malformed-claims": "Not a readable notice",
  "unsupported-version": "Notice from a newer version",
  "bad-claims": "Breaks {vendor}'s signing rules",
  incomplete: "Incomplete notice",
  "link-altered": "This verify link was altered",
};

/** A verify link's fragment: exactly one token, nothing around it. */
const TOKEN_ONLY = /^CS1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

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

function warningCard(item) {
  const copied = item.state === "copied";
  const title = copied
    ? "A genuine notice, copied into a message it does not match"
    : "Partly signed: part of this message is not covered";
  return h(
    "section",
    {
      class: "card refused",
      "aria-labelledby": "result-title",
      "data-result": item.state,
      "data-code": item.code ?? item.state,
    },
    h(
      "h2",
      { id: "result-title", tabindex: "-1" },
      h("span", { class: "icon", "aria-hidden": "true" }, "!"),
      title,
    ),
    h("p", { class: "reason" }, sentence(item.message)),
    item.mismatches.length > 0
      ? h(
          "ul",
          { class: "mismatches", "data-testid": "mismatches" },
          item.mismatches.map((m) => h("li", { "data-code": m.code }, sentence(m.message))),
        )
      : null,
    h(
      "p",
      {},
      copied
        ? `The notice itself is ${vendorName}'s, but this message is not the one it was signed for. Do not reply, call any number, follow any link, or pay anything because of it. If you need ${vendorName}, use the official contacts below.`
        : `Only the part before the notice was signed by ${vendorName}. Do not act on anything after it.`,
    ),
  );
}

function refusedCard(result) {
  const title = (REFUSAL_TITLES[result.code] ?? "Not a genuine notice").replace("{vendor}", vendorName);
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

/** The card for one checked notice of the message. */
function itemCard(item) {
  switch (item.state) {
    case "verified":
      return genuineCard(item.notice, item.encoding, item.status);
    case "copied":
    case "partly-signed":
      return warningCard(item);
    default:
      return refusedCard(item);
  }
}

/** The heading over several notices: the message's result first. */
function messageSummary(result) {
  const count = result.notices.length;
  const bad = result.notices.filter((n) => n.state === result.state).length;
  const text = {
    verified: `All ${count} notices in this message are genuine.`,
    invalid: `${bad} of the ${count} notices in this message is not valid: treat the whole message as a scam attempt.`,
    copied: `This message does not match ${bad} of its ${count} notices: it is not the message they were signed for.`,
    "partly-signed": "Part of this message is not covered by any signature.",
    incomplete: "A notice in this message is cut off: check the whole message.",
  }[result.state];
  return h(
    "section",
    {
      class: `card ${result.ok ? "genuine" : "refused"}`,
      "aria-labelledby": "result-title",
      "data-result": result.ok ? "genuine" : "message-refused",
      "data-state": result.state,
      "data-count": String(count),
    },
    h("h2", { id: "result-title", tabindex: "-1" }, text),
    h(
      "ol",
      { class: "notice-list" },
      result.notices.map((item, index) =>
        h("li", { "data-state": item.state, "data-index": String(index + 1) }, demote(itemCard(item))),
      ),
    ),
  );
}

/** A card shown inside the summary: its heading is one level down, no id. */
function demote(card) {
  const heading = card.querySelector("h2");
  if (heading) {
    const h3 = h("h3", {}, ...heading.childNodes);
    heading.replaceWith(h3);
  }
  card.removeAttribute("aria-labelledby");
  return card;
}

function verify(text, body = bodyInput.value) {
  if (!countersign) return;
  if (!text.trim()) {
    show(resultArea);
    statusLine.textContent = "Paste a notice, a verify link or a whole message first.";
    return;
  }
  const result = countersign.verifyNotice(text, {
    now: nowSeconds(),
    recipient: recipientInput.value.trim() || undefined,
    body: body.trim() ? body : undefined,
  });
  statusLine.textContent = "";
  const notices = result.notices ?? [];
  if (notices.length > 1) {
    showResult(messageSummary(result));
  } else if (notices.length === 1) {
    showResult(itemCard(notices[0]));
  } else {
    showResult(refusedCard(result));
  }
}

/**
 * The notice in the URL fragment, or null when the fragment holds anything
 * else: the page never shows text from a link beside a result.
 */
function tokenFromHash() {
  const fragment = location.hash.slice(1);
  if (!fragment) return "";
  let decoded;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return null;
  }
  const token = decoded.trim();
  return TOKEN_ONLY.test(token) ? token : null;
}

/** Verifies the notice of a verify link, or refuses a link that was altered. */
function verifyFromHash() {
  const token = tokenFromHash();
  if (token === "") return;
  if (token === null) {
    noticeInput.value = "";
    showResult(
      refusedCard({
        code: "link-altered",
        message:
          "a verify link holds only the notice (it starts with CS1.), and this one holds other text. Its text is not shown here",
      }),
    );
    return;
  }
  noticeInput.value = token;
  verify(token, "");
}

/**
 * Names the vendor whose directory was verified in the page's fixed text,
 * not the demo vendor the HTML was written with: before any verdict, so a
 * card never stands beside another vendor's name.
 */
function nameVendor(view) {
  vendorName = view.directory.vendor.name;
  for (const span of document.querySelectorAll("[data-vendor-name]")) span.textContent = vendorName;
  document.getElementById("demo-banner").hidden = DIRECTORY !== null;
}

/** The directory's official contacts, under the form. */
function renderOfficial(view) {
  const directory = view.directory;
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
  if (view.ok) nameVendor(view);
  verifyButton.disabled = false;
  statusLine.textContent = "";

  verifyFromHash();
  // The contact list is below the form and not part of the verdict: it is
  // drawn in the frame after the verdict's, so the verdict's frame lays out
  // and paints less (docs/benchmarks.md).
  if (view.ok) afterNextFrame(() => renderOfficial(view));
}

/** Runs `task` once the next frame has been drawn (at once in a hidden tab). */
function afterNextFrame(task) {
  if (document.visibilityState === "hidden") {
    setTimeout(task);
  } else {
    requestAnimationFrame(() => setTimeout(task));
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

window.addEventListener("hashchange", verifyFromHash);

start();
