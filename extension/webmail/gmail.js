// Gmail (mail.google.com). The open conversation is `div[role=main]` with
// the subject in `h2.hP`; each message is a `div.adn`, its sender a
// `span.gD` carrying `email` and `name` attributes, its body `div.a3s`.
// The inbox list is a table of `tr.zA` rows (snippets in `span.y2`).
// The last message of a conversation is the one open at the bottom.

(() => {
  "use strict";
  const ns = globalThis.COUNTERSIGN_CONTENT;
  ns.webmail.push({
    name: "gmail",
    hosts: globalThis.COUNTERSIGN_SHARED.WEBMAIL_HOSTS.gmail,
    read(doc) {
      const main = doc.querySelector('div[role="main"]') ?? doc;
      const subject = ns.textOf(main, "h2.hP");
      const messages = [...main.querySelectorAll("div.adn")].filter(ns.isShown);
      const open = messages.reverse().find((m) => m.querySelector("div.a3s"));
      if (subject === "" || !open) {
        return main.querySelector("tr.zA") ? { listView: true } : null;
      }
      const from = open.querySelector("span.gD");
      const { senderName, senderAddress } = ns.parseSender(
        from?.getAttribute("name") ?? from?.textContent ?? "",
        from?.getAttribute("email") ?? "",
      );
      const to = [...open.querySelectorAll("span.g2[email]")].map((s) => s.getAttribute("email") ?? "");
      return { message: { senderName, senderAddress, subject, to }, bodyElement: open.querySelector("div.a3s") };
    },
  });
})();
