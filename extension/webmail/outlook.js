// Outlook.com and Outlook on the web. The reading pane is
// `[aria-label="Reading Pane"]` (or `#ReadingPaneContainerId`); the subject
// is its `[role=heading]`; the sender button's `aria-label` is
// "From: Name <address>"; the body is `[aria-label="Message body"]`.
// The message list is `[role=listbox]` with `[role=option]` items.

(() => {
  "use strict";
  const ns = globalThis.COUNTERSIGN_CONTENT;
  ns.webmail.push({
    name: "outlook",
    hosts: globalThis.COUNTERSIGN_SHARED.WEBMAIL_HOSTS.outlook,
    read(doc) {
      const pane = [...doc.querySelectorAll('[aria-label="Reading Pane"], #ReadingPaneContainerId')].find(ns.isShown);
      const body = pane?.querySelector('[aria-label="Message body"]');
      if (!pane || !body || !ns.isShown(body)) {
        return doc.querySelector('[role="listbox"] [role="option"]') ? { listView: true } : null;
      }
      const subject = ns.textOf(pane, '[role="heading"]');
      const from = pane.querySelector('[aria-label^="From:"]');
      const label = (from?.getAttribute("aria-label") ?? "").replace(/^From:\s*/, "");
      const { senderName, senderAddress } = ns.parseSender(label, from?.getAttribute("title") ?? "");
      const toLine = pane.querySelector('[aria-label^="To:"]')?.getAttribute("aria-label") ?? "";
      const to = toLine.match(/[^\s<>,;:]+@[^\s<>,;:]+/g) ?? [];
      return { message: { senderName, senderAddress, subject, to }, bodyElement: body };
    },
  });
})();
