// Webmail adapters: read the OPEN message (sender, subject, body) and say
// when the page is only an inbox list. The webmail's own chrome (the
// account button with the user's address, folders, the To: line) is never
// part of the message.
//
//   adapter = { name, hosts: string[], read(doc) -> Reading | null }
//   Reading = { listView: true }                      inbox list / previews
//           | { message: {senderName, senderAddress, subject, to[]},
//               bodyElement: Element }                one open message
//
// One small file per provider (their markup changes; keep each easy to
// fix). Classic scripts: each pushes its adapter onto
// COUNTERSIGN_CONTENT.webmail in the isolated world.
//
// Adapters are chosen by host name only, never by markup: a page that could
// declare "this part is the message, ignore the rest" by imitating webmail
// markup would hide its own scam text from the engine. Every other webmail
// takes the generic path, which is the page scan itself: each notice is sent
// with the text before it in its element and a few ancestors as candidate
// message bodies, and the whole visible page is judged.

(() => {
  "use strict";
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});
  ns.webmail = [];

  /** `Name <addr@host>` or a bare address, from text or attributes. */
  ns.parseSender = function parseSender(name, address) {
    const text = `${name ?? ""} ${address ?? ""}`;
    const match = text.match(/[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[A-Za-z0-9-]+/);
    const senderAddress = match ? match[0] : "";
    const senderName = (name ?? "").replace(/<[^>]*>/g, "").replace(senderAddress, "").replace(/\s+/g, " ").trim();
    return { senderName, senderAddress };
  };

  /** Whether the element is rendered (not display:none, not zero-sized). */
  ns.isShown = function isShown(el) {
    return !!el && (typeof el.checkVisibility !== "function" || el.checkVisibility({ visibilityProperty: true }));
  };

  /** The adapter for this host, if any. */
  ns.webmailFor = function webmailFor(hostname) {
    const host = hostname.toLowerCase();
    return ns.webmail.find((a) => a.hosts.some((h) => host === h || host.endsWith(`.${h}`))) ?? null;
  };

  /** Text of the first matching, shown element under `root`. */
  ns.textOf = function textOf(root, selector) {
    for (const el of root.querySelectorAll(selector)) {
      if (ns.isShown(el)) return (el.innerText ?? el.textContent ?? "").replace(/\s+/g, " ").trim();
    }
    return "";
  };
})();
