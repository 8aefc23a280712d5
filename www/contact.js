// "How we contact you": the vendor's promises to its customers.
//
// The steps are fixed text; the vendor's name, its promises (policies) and
// its official numbers and addresses come from the signed directory, once
// verified, so that the page speaks for whichever vendor hosts it
// (config.js) and can never list a contact the directory does not.

import { formatPhone } from "./pkg/countersign.js";
import { h, openDirectory, show } from "./common.js";

const statusLine = document.getElementById("official-status");

async function start() {
  const opened = await openDirectory().catch((error) => ({ ok: false, message: error.message }));
  if (!opened.ok) {
    statusLine.classList.add("error-text");
    statusLine.textContent = `Our official contacts could not be checked (${opened.message}). Use the numbers on our main web site.`;
    return;
  }
  const d = opened.countersign.directory().directory;
  const vendor = d.vendor.name;
  document.title = `How ${vendor} contacts you · Countersign`;
  document.getElementById("title").textContent = `How ${vendor} contacts you`;
  if (d.policies.length) {
    show(document.getElementById("policies"), d.policies.map((p) => h("li", {}, p.text)));
  }
  show(
    document.getElementById("official"),
    h("h3", {}, "Phone"),
    h(
      "ul",
      { class: "contacts", "data-testid": "phones" },
      d.phones.map((p) => h("li", {}, h("a", { href: `tel:${p.number}` }, formatPhone(p.number)), ` · ${p.label}`)),
    ),
    h("h3", {}, "Email"),
    h(
      "ul",
      { class: "contacts", "data-testid": "emails" },
      d.emails.map((e) => h("li", {}, h("a", { href: `mailto:${e.address}` }, e.address), ` · ${e.label}`)),
    ),
    h("h3", {}, "Web"),
    h(
      "ul",
      { class: "contacts" },
      d.domains.map((entry) => h("li", {}, entry.domain)),
    ),
  );
  statusLine.textContent = `Checked against ${vendor}'s signed directory.`;
}

start();
