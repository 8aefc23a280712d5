// Customer-visible strings of the extension's pages, from _locales/ via
// chrome.i18n. Elements with `data-i18n="key"` get the message as their text
// (never as HTML); `t()` is for strings built in code.

/**
 * The message `key` in the user's language, with `$1`... filled from `subs`.
 * @param {string} key
 * @param {...(string|number)} subs
 */
export function t(key, ...subs) {
  const message = chrome.i18n.getMessage(key, subs.map(String));
  return message || key;
}

/** Fills every `[data-i18n]` element under `root` with its message, as text. */
export function localise(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.getAttribute("data-i18n") ?? "");
  }
  document.documentElement.lang = chrome.i18n.getUILanguage?.() ?? "en";
}
