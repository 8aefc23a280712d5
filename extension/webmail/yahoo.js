// Yahoo Mail (mail.yahoo.com). The open message is
// `[data-test-id="message-view"]`: subject
// `[data-test-id="message-group-subject-text"]`, sender
// `[data-test-id="message-from"]` (name, with the address in its `title`
// or in `[data-test-id="email-pill"]`), body
// `[data-test-id="message-view-body-content"]`. The inbox is a list of
// `[data-test-id="message-list-item"]`.

(() => {
  "use strict";
  const ns = globalThis.COUNTERSIGN_CONTENT;
  ns.webmail.push({
    name: "yahoo",
    hosts: globalThis.COUNTERSIGN_SHARED.WEBMAIL_HOSTS.yahoo,
    read(doc) {
      const views = [...doc.querySelectorAll('[data-test-id="message-view"]')].filter(ns.isShown);
      const view = views[views.length - 1];
      const body = view?.querySelector('[data-test-id="message-view-body-content"]');
      if (!view || !body) {
        return doc.querySelector('[data-test-id="message-list-item"]') ? { listView: true } : null;
      }
      const subject = ns.textOf(doc, '[data-test-id="message-group-subject-text"]');
      const from = view.querySelector('[data-test-id="message-from"]');
      const pill = from?.querySelector('[data-test-id="email-pill"]');
      const { senderName, senderAddress } = ns.parseSender(
        from?.querySelector('[data-test-id="message-from-name"]')?.textContent ?? from?.textContent ?? "",
        from?.getAttribute("title") ?? pill?.textContent ?? "",
      );
      const to = [...view.querySelectorAll('[data-test-id="message-to"] [title*="@"]')].map((e) => e.getAttribute("title") ?? "");
      return { message: { senderName, senderAddress, subject, to }, bodyElement: body };
    },
  });
})();
