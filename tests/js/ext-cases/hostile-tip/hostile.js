// Removes every element added directly under <html>, as soon as it appears.
window.__removed = 0;
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (node.parentNode === document.documentElement && node !== document.body && node.tagName !== "HEAD") {
        node.remove();
        window.__removed++;
      }
    }
  }
}).observe(document.documentElement, { childList: true });
