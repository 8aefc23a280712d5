// Localised text for the extension's pages, from _locales/<lang>/messages.json
// through chrome.i18n (the browser picks the user's language, English when it
// has none of theirs).
//
// Pages mark their fixed text with attributes and call localizePage():
//
//   <h1 data-i18n="popupTitle"></h1>                 textContent
//   <input data-i18n-placeholder="checkPlaceholder"> placeholder
//   <button data-i18n-aria-label="closeLabel">       aria-label
//   <a data-i18n-title="pinHelp">                    title
//
// Text is only ever set as text (textContent or attribute values), never
// parsed as HTML, so a translation, like page text, cannot inject markup.

const ATTRIBUTES = [
  ["i18nPlaceholder", "placeholder"],
  ["i18nAriaLabel", "aria-label"],
  ["i18nTitle", "title"],
];

/**
 * The message `key` in the user's language, with `$1`… replaced by `subs`
 * (strings). A missing key returns the key itself in brackets, so that a
 * gap shows up in the page and in the tests rather than as blank space.
 */
export function t(key, ...subs) {
  const text = chrome.i18n.getMessage(key, subs.map((s) => String(s)));
  return text === "" ? `[${key}]` : text;
}

/**
 * The language the pages are shown in: the locale whose messages the browser
 * actually uses (each messages.json names itself in `langCode`), which is
 * English for a user whose language the extension does not have.
 */
export function uiLanguage() {
  return chrome.i18n.getMessage("langCode") || "en";
}

/** Fills every element under `root` that carries a data-i18n attribute. */
export function localizePage(root = document) {
  if (root === document) document.documentElement.lang = uiLanguage();
  for (const node of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-i18n]"))) {
    node.textContent = t(node.dataset.i18n);
  }
  for (const [data, attribute] of ATTRIBUTES) {
    const selector = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const node of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(selector))) {
      node.setAttribute(attribute, t(node.dataset[data]));
    }
  }
}

/** The same as localizePage (the name the warning page and Safety Tip use). */
export const localise = localizePage;
