// The options page's "Vendors" section (#vendors): the vendors whose signed
// directories Countersign trusts, and adding one.
//
//   [list]  name · status (current / stale / expired) · card · Check now · Remove
//   [add]   vendor link, or directory address + root key ─► Look up
//           ─► permission for that one directory ─► VENDOR_PREVIEW
//           ─► the vendor's card ─► "Trust" (VENDOR_ADD) or "Cancel"
//
// The user sees what they are about to trust (names, domains, numbers,
// policies, keys) before trusting it. Everything shown comes from the
// service worker as plain strings and goes in with textContent.
//
// Text: chrome.i18n messages when the locale files have them, else the
// English given here (and the worker's English for its own refusals).

import { MSG } from "./messages.js";
import { hostPermissionFor, parseVendorInput } from "./vendors.js";

/** The message `key` in the user's language, else `english`; `$1`… are `subs`. */
function say(key, english, ...subs) {
  let text = "";
  try {
    text = chrome.i18n.getMessage(key, subs.map(String));
  } catch {
    // No locale files in this build.
  }
  if (text) return text;
  return subs.reduce((s, sub, i) => s.replaceAll(`$${i + 1}`, String(sub)), english);
}

/** The form control with id `id`. */
function control(id) {
  return /** @type {HTMLInputElement & HTMLButtonElement} */ (document.getElementById(id));
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "text") node.textContent = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

function send(message) {
  return chrome.runtime.sendMessage(message).then(
    (reply) => reply ?? { ok: false, code: "no-answer", message: say("vendorNoAnswer", "Countersign did not answer; try again.") },
    (error) => ({ ok: false, code: "no-answer", message: String(error?.message ?? error) }),
  );
}

/**
 * The worker's refusal in the user's language when there is a translation
 * (`vendorError_<code>`, with the refusal's `params` as $1, $2), else the
 * worker's English.
 */
function refusalText(reply) {
  const params = Array.isArray(reply.params) ? reply.params.map(String) : [];
  let text = "";
  try {
    text = chrome.i18n.getMessage(`vendorError_${String(reply.code).replace(/[^a-z0-9]/gi, "_")}`, params);
  } catch {
    // No locale files in this build.
  }
  return text || String(reply.message ?? "");
}

// ---------------------------------------------------------------------------
// The vendor's card.

function listBlock(title, items) {
  if (!items || items.length === 0) return null;
  return el("div", { class: "vendor-facts" }, el("h4", { text: title }), el("ul", {}, ...items.map((i) => el("li", { text: i }))));
}

/** The card of a verified directory, as DOM nodes. */
function renderCard(card) {
  return el(
    "div",
    { class: "vendor-card" },
    listBlock(say("vendorCardDomains", "Websites"), card.domains),
    listBlock(say("vendorCardEmails", "Email addresses"), card.emails),
    listBlock(say("vendorCardPhones", "Phone numbers"), card.phones),
    listBlock(say("vendorCardPolicies", "How they contact you"), card.policies),
    listBlock(say("vendorCardKeys", "Staff who sign notices"), card.keys),
    listBlock(say("vendorCardRevoked", "Keys no longer trusted"), card.revoked),
    listBlock(say("vendorCardDirectory", "Signed directory"), [
      say("vendorCardAddress", "Published at $1", card.url),
      say("vendorCardVersion", "Version $1, valid until $2", card.sequence, card.expires),
      say("vendorCardRoot", "Signed by root key $1", card.rootKeyId),
    ]),
  );
}

// ---------------------------------------------------------------------------
// The list.

let trusted = [];

function renderVendor(vendor) {
  const status = {
    current: say("vendorStatusCurrent", "Up to date"),
    stale: say("vendorStatusStale", "Not updated for over a day"),
    expired: say("vendorStatusExpired", "Expired: no longer vouched for"),
  }[vendor.status];
  const actions = el("div", { class: "vendor-actions" });
  const refresh = el("button", { type: "button", class: "vendor-refresh", text: say("vendorRefresh", "Check for updates now") });
  refresh.addEventListener("click", () => refreshVendor(vendor.url, refresh));
  actions.append(refresh);
  if (vendor.removable) {
    const remove = el("button", { type: "button", class: "vendor-remove", text: say("vendorRemove", "Remove") });
    remove.addEventListener("click", () => removeVendor(vendor));
    actions.append(remove);
  } else {
    actions.append(el("span", { class: "vendor-managed", text: say("vendorManaged", "Added by your organisation") }));
  }
  return el(
    "li",
    { class: "vendor", dataset: { status: vendor.status, source: vendor.source, url: vendor.url } },
    el("h3", { class: "vendor-name", text: vendor.name }),
    el("p", {
      class: "vendor-status",
      text: `${status}. ${say(`vendorStatusText_${vendor.status}`, vendor.statusMessage, ...(vendor.statusParams ?? []))}`,
    }),
    vendor.problem
      ? el("p", { class: "vendor-problem", text: say("vendorLastProblem", "Last check: $1", refusalText(vendor.problem)) })
      : null,
    // A stale or expired vendor's card is shown open: its signed contacts
    // are how the user can still reach it.
    vendor.card
      ? el("details", vendor.status === "current" ? {} : { open: "" }, el("summary", { text: say("vendorShowCard", "What the directory says") }), renderCard(vendor.card))
      : null,
    actions,
  );
}

async function showList() {
  const reply = await send({ type: MSG.VENDOR_LIST });
  const list = document.getElementById("vendor-list");
  const note = document.getElementById("vendor-builtin");
  if (!reply.ok) {
    list.replaceChildren(el("li", { text: refusalText(reply) }));
    return;
  }
  trusted = reply.vendors;
  note.textContent = reply.builtIn.length
    ? say("vendorBuiltIn", "Built in for demonstration: $1.", reply.builtIn.map((b) => b.name).join(", "))
    : "";
  list.replaceChildren(...reply.vendors.map(renderVendor));
  document.getElementById("vendor-empty").hidden = reply.vendors.length > 0;
  const problems = document.getElementById("vendor-managed-problems");
  problems.replaceChildren(
    ...reply.managedProblems.map((p) =>
      el("li", { text: say("vendorManagedProblem", "Your organisation's vendor at $1 could not be added: $2", p.url, p.message) })),
  );
}

async function refreshVendor(url, button) {
  button.disabled = true;
  setMessage(say("vendorRefreshing", "Checking for an updated directory…"));
  const reply = await send({ type: MSG.VENDOR_REFRESH, url });
  button.disabled = false;
  setMessage(reply.ok ? "" : refusalText(reply));
  await showList();
}

async function removeVendor(vendor) {
  const reply = await send({ type: MSG.VENDOR_REMOVE, url: vendor.url });
  setMessage(reply.ok ? say("vendorRemoved", "$1 was removed.", vendor.name) : refusalText(reply));
  await showList();
}

// ---------------------------------------------------------------------------
// Adding a vendor.

let preview = null; // { previewId, url, name }

function setMessage(text, kind = "info") {
  const node = document.getElementById("vendor-message");
  node.textContent = text;
  node.dataset.kind = kind;
}

/** Gives the host permission back when no trusted vendor needs it. */
async function releasePermission(url) {
  const pattern = hostPermissionFor(url);
  if (trusted.some((v) => hostPermissionFor(v.url) === pattern)) return;
  try {
    await chrome.permissions.remove({ origins: [pattern] });
  } catch {
    // Not granted.
  }
}

function closePreview() {
  preview = null;
  document.getElementById("vendor-preview").hidden = true;
  document.getElementById("vendor-preview-body").replaceChildren();
}

async function lookUp(event) {
  event.preventDefault();
  const previous = preview;
  closePreview();
  const input = parseVendorInput(control("vendor-url").value, control("vendor-root").value);
  if (!input.ok) {
    setMessage(refusalText(input), "error");
    if (previous) await releasePermission(previous.url);
    return;
  }
  // Asked first, while the click still counts as the user's (nothing is
  // awaited before it): access to this one directory, nothing else on the
  // vendor's site.
  let granted;
  try {
    granted = await chrome.permissions.request({ origins: [hostPermissionFor(input.url)] });
  } catch {
    granted = false;
  }
  if (previous && hostPermissionFor(previous.url) !== hostPermissionFor(input.url)) await releasePermission(previous.url);
  if (!granted) {
    setMessage(
      say("vendorNeedsPermission", "Countersign needs your permission to read the directory at $1; without it the vendor cannot be added.", new URL(input.url).host),
      "error",
    );
    return;
  }
  const button = control("vendor-lookup");
  button.disabled = true;
  setMessage(say("vendorFetching", "Fetching and checking the directory…"));
  const reply = await send({ type: MSG.VENDOR_PREVIEW, url: input.url, root: input.root });
  button.disabled = false;
  if (!reply.ok) {
    setMessage(refusalText(reply), "error");
    await releasePermission(input.url);
    return;
  }
  preview = { previewId: reply.previewId, url: reply.url, name: reply.card.name };
  setMessage("");
  document.getElementById("vendor-preview-title").textContent = reply.card.name;
  document.getElementById("vendor-preview-body").replaceChildren(renderCard(reply.card));
  document.getElementById("vendor-accept").textContent = say("vendorAccept", "Trust $1", reply.card.name);
  document.getElementById("vendor-preview").hidden = false;
}

async function accept() {
  if (!preview) return;
  const { previewId, url } = preview;
  closePreview();
  const reply = await send({ type: MSG.VENDOR_ADD, previewId });
  if (!reply.ok) {
    setMessage(refusalText(reply), "error");
    await releasePermission(url);
  } else {
    setMessage(say("vendorAdded", "$1 was added. Countersign now checks its notices, websites and numbers.", reply.vendor.name));
    control("vendor-url").value = "";
    control("vendor-root").value = "";
  }
  await showList();
}

async function cancel() {
  if (!preview) return;
  const { url } = preview;
  closePreview();
  setMessage("");
  await releasePermission(url);
}

// ---------------------------------------------------------------------------
// The section's skeleton.

function build() {
  const section = document.getElementById("vendors");
  if (!section) return false;
  section.setAttribute("aria-labelledby", "vendors-title");
  const form = el(
    "form",
    { id: "vendor-add" },
    el("h3", { text: say("vendorAddTitle", "Add a vendor") }),
    el("p", {
      text: say(
        "vendorAddExplain",
        "Use the Countersign link the vendor gives on its own website or in its documents. It looks like https://vendor.example/.well-known/countersign/directory.json#root=CSPK1.… Never add a vendor from a link someone sent you during a support call.",
      ),
    }),
    el("label", { for: "vendor-url", text: say("vendorUrlLabel", "Vendor link, or the address of its directory") }),
    el("input", { id: "vendor-url", type: "text", autocomplete: "off", spellcheck: "false" }),
    el("label", { for: "vendor-root", text: say("vendorRootLabel", "Root key (not needed when the link contains it)") }),
    el("input", { id: "vendor-root", type: "text", autocomplete: "off", spellcheck: "false" }),
    el("button", { id: "vendor-lookup", type: "submit", text: say("vendorLookUp", "Look up") }),
  );
  const previewBox = el(
    "div",
    { id: "vendor-preview", class: "vendor-preview", hidden: "" },
    el("h3", { id: "vendor-preview-title" }),
    el("p", {
      text: say(
        "vendorPreviewExplain",
        "This is what the vendor's signed directory says. Trust it only if these are the websites, addresses and numbers you know this vendor by.",
      ),
    }),
    el("div", { id: "vendor-preview-body" }),
    el("button", { id: "vendor-accept", type: "button" }),
    el("button", { id: "vendor-cancel", type: "button", text: say("vendorCancel", "Cancel") }),
  );
  section.replaceChildren(
    el("h2", { id: "vendors-title", text: say("vendorsTitle", "Vendors") }),
    el("p", {
      text: say(
        "vendorsExplain",
        "Countersign checks notices, support pages and phone numbers against the signed directory of each vendor here, and updates each directory every few hours.",
      ),
    }),
    el("p", { id: "vendor-builtin" }),
    el("p", { id: "vendor-empty", text: say("vendorEmpty", "You have not added any vendor yet.") }),
    el("ul", { id: "vendor-list", class: "vendor-list" }),
    el("ul", { id: "vendor-managed-problems", class: "vendor-problems" }),
    el("p", { id: "vendor-message", role: "status" }),
    form,
    previewBox,
  );
  form.addEventListener("submit", lookUp);
  document.getElementById("vendor-accept").addEventListener("click", accept);
  document.getElementById("vendor-cancel").addEventListener("click", cancel);
  return true;
}

if (build()) showList();
