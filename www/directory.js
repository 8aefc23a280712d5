// A readable rendering of the vendor's signed directory.
//
//   openDirectory (config.js: the embedded demo, or the published file
//   checked against the pinned root key) ──► countersign.directory() ──► page
//
// Only a directory that verified is shown: this page never reads the JSON
// file itself, so a tampered or rolled-back copy shows a refusal, not its
// contents. Everything is inserted as text (common.js).

import { formatPhone } from "./pkg/countersign.js";
import { DIRECTORY } from "./config.js";
import { channelName, formatTime, h, nowSeconds, openDirectory, relativeTime, show } from "./common.js";

const statusLine = document.getElementById("status");
const area = document.getElementById("directory");

const PUBLISHED_PATH = "/.well-known/countersign/directory.json";

function sentence(text) {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function lifetime(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? "" : "s"}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? "" : "s"}`;
  return `${Math.round(seconds / 60)} minutes`;
}

function section(id, title, ...children) {
  return h("section", { class: "panel", "aria-labelledby": id, "data-testid": id }, h("h2", { id }, title), ...children);
}

/** A table with a caption for screen readers and a header row. */
function table(caption, headers, rows) {
  return h(
    "div",
    { class: "table-wrap", tabindex: "0" },
    h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, caption),
      h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
      h(
        "tbody",
        {},
        rows.map((cells) => h("tr", {}, cells.map((cell, i) => (i === 0 ? h("th", { scope: "row" }, cell) : h("td", {}, cell))))),
      ),
    ),
  );
}

/** What a staff key may do now: active, revoked, not yet valid or expired. */
function keyState(key, revoked, now) {
  if (revoked) return "revoked";
  if (now < key.not_before) return "not yet valid";
  if (now >= key.not_after) return "expired";
  return "active";
}

function render(view) {
  const d = view.directory;
  const now = nowSeconds();
  const revokedIds = new Set(d.revoked.map((r) => r.id));
  const vendor = d.vendor.name;
  document.title = `${vendor}: official contacts, signed · Countersign`;
  show(
    document.getElementById("intro"),
    `Every web site, email address and phone number ${vendor} uses for support, as its signed directory lists them. `,
    "This page shows the directory only after checking its signature, in your browser.",
  );

  const summary = section(
    "summary-title",
    "The signed directory",
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Vendor"),
      h("dd", { "data-testid": "vendor" }, vendor),
      h("dt", {}, "Signature"),
      h("dd", { class: "check-ok" }, `Checked: signed by ${vendor}'s root key ${view.rootKeyId}, the key this site trusts.`),
      h("dt", {}, "Version"),
      h(
        "dd",
        { "data-testid": "sequence" },
        // Only a published directory is remembered (common.js); the built-in
        // demo has nothing older to be confused with.
        DIRECTORY ? `Number ${d.sequence}. This browser will refuse any older version from now on.` : `Number ${d.sequence}.`,
      ),
      h("dt", {}, "Published"),
      h("dd", {}, formatTime(d.issued_at)),
      h("dt", {}, "Expires"),
      h("dd", { "data-testid": "expires" }, `${formatTime(d.expires_at)} (${relativeTime(d.expires_at, now)})`),
      h("dt", {}, "Verify page"),
      h("dd", {}, h("a", { href: d.verify_url }, d.verify_url)),
      h("dt", {}, "Published at"),
      h("dd", {}, d.published_at.map((url) => h("div", {}, url))),
    ),
    h(
      "p",
      { class: "note" },
      "Software that checks notices reads the signed file itself: ",
      h("a", { href: DIRECTORY?.url ?? PUBLISHED_PATH }, "directory.json"),
      ".",
    ),
  );

  const domains = section(
    "domains-title",
    "Official web sites",
    h(
      "ul",
      { class: "contacts", "data-testid": "domains" },
      d.domains.map((entry) =>
        h(
          "li",
          {},
          h("strong", {}, entry.domain),
          entry.include_subdomains ? " and its subdomains" : " (this name only)",
          // A mail service (outlook.com): its addresses are anyone's, so an
          // email from one is not the vendor unless listed below.
          entry.public_mailboxes === true
            ? h("span", { "data-testid": "public-mailboxes" }, `: anyone can get an email address here; only the addresses listed below are ${vendor}'s.`)
            : null,
        ),
      ),
    ),
  );

  const emailRows = d.emails.map((e) => [e.address, e.label]);
  const emails = section(
    "emails-title",
    "Official email addresses",
    table("Official email addresses", ["Address", "Used for"], emailRows),
    d.email_domains?.length
      ? h("p", {}, `Also any address at: ${d.email_domains.map((e) => e.domain ?? e).join(", ")}.`)
      : null,
  );

  const phones = section(
    "phones-title",
    "Official phone numbers",
    table(
      "Official phone numbers",
      ["Number", "Line", "Country", "Used for"],
      d.phones.map((p) => [formatPhone(p.number), p.label, p.country, p.purpose]),
    ),
  );

  const policies = section(
    "policies-title",
    `What ${vendor} promises`,
    h("ul", { "data-testid": "policies" }, d.policies.map((p) => h("li", {}, p.text))),
  );

  const activeKeys = d.keys.filter((k) => keyState(k, revokedIds.has(k.id), now) === "active");
  const otherKeys = d.keys.filter((k) => !activeKeys.includes(k));
  const keyRow = (k) => [
    k.name,
    k.team,
    k.channels.map(channelName).join(", "),
    `${formatTime(k.not_before)} – ${formatTime(k.not_after)}`,
    lifetime(k.max_notice_lifetime),
    h("code", {}, k.id),
  ];
  const keys = section(
    "keys-title",
    "Staff keys",
    h("p", {}, "Support staff sign every email, call and callback with one of these keys."),
    h("h3", {}, "In use"),
    activeKeys.length
      ? table("Staff keys in use", ["Name", "Team", "May sign", "Valid", "Longest notice", "Key"], activeKeys.map(keyRow))
      : h("p", {}, "None."),
    otherKeys.length
      ? [
          h("h3", {}, "Not in use"),
          table(
            "Staff keys not in use",
            ["Name", "Team", "State", "Valid", "Key"],
            otherKeys.map((k) => [k.name, k.team, keyState(k, revokedIds.has(k.id), now), `${formatTime(k.not_before)} – ${formatTime(k.not_after)}`, h("code", {}, k.id)]),
          ),
        ]
      : null,
    h("h3", {}, "Revoked"),
    d.revoked.length
      ? table(
          "Revoked staff keys",
          ["Key", "Revoked", "Why"],
          d.revoked.map((r) => [h("code", {}, r.id), formatTime(r.revoked_at), r.reason]),
        )
      : h("p", {}, "No key has been revoked."),
    h("p", { class: "note" }, "A notice signed with a revoked key is refused, whenever it was signed."),
  );

  show(area, summary, domains, emails, phones, policies, keys);
  area.dataset.testid = "directory";
  area.hidden = false;
  statusLine.textContent = "";
  statusLine.hidden = true;
}

async function start() {
  const opened = await openDirectory().catch((error) => ({ ok: false, message: `the page could not load: ${error.message}` }));
  if (!opened.ok) {
    statusLine.classList.add("error-text");
    statusLine.textContent = `The directory was not shown: ${sentence(opened.message)}`;
    return;
  }
  const view = opened.countersign.directory();
  render(view);
}

start();
