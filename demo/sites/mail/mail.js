// A stand-in for a webmail client. The inbox lists the messages; the reader
// fetches /mail.json (made by the demo server, with notices signed minutes
// ago) and inserts the message after the page has loaded, as single-page
// mail apps do. Everything is inserted as text, never as HTML.
(async () => {
  "use strict";
  const reader = document.getElementById("reader");
  const inbox = document.getElementById("inbox");

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  let messages;
  try {
    const response = await fetch("/mail.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    messages = await response.json();
  } catch (error) {
    reader.append(element("p", "", `The mailbox could not be loaded (${error.message}).`));
    return;
  }

  if (inbox) {
    // The list shows senders and subjects only, never a notice.
    for (const id of ["scam", "call", "renewal"]) {
      const message = messages[id];
      if (!message) continue;
      const link = element("a");
      link.href = `/message?m=${encodeURIComponent(id)}`;
      link.append(element("span", "from", message.from.replace(/\s*<.*$/, "")), element("span", "subject", message.subject));
      const item = element("li");
      item.append(link);
      inbox.append(item);
    }
    return;
  }

  const id = new URLSearchParams(location.search).get("m") ?? "";
  const message = Object.hasOwn(messages, id) ? messages[id] : null;
  document.getElementById("loading")?.remove();
  if (!message) {
    reader.append(element("p", "", "There is no such message."));
    return;
  }
  // Like a webmail app, show the message a moment after the page loaded.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const article = element("article", "message");
  article.append(element("h1", "subject", message.subject));
  const headers = element("div", "headers");
  headers.append(element("div", "", `From: ${message.from}`), element("div", "", "To: me"));
  const body = element("div", "body");
  for (const paragraph of message.body.split("\n\n")) body.append(element("p", "", paragraph));
  if (message.notice) body.append(element("pre", "", message.notice));
  article.append(headers, body);
  reader.append(article);
  document.title = `${message.subject} · Example Mail`;
})();
