// The user's security seal: their own words on their own colour, shown on
// every trusted Countersign surface (popup, welcome page, options, the
// warning page). A web page that draws an imitation cannot know them.
//
// Shared by the pages that show the seal or let the user change it.

import { t } from "./i18n.js";
import { SECURITY_COLORS, SECURITY_COLOR_NAMES, loadSettings } from "./settings.js";

/** The localised name of a seal colour ("Blue"), never its hex code. */
export function colorName(color) {
  const key = SECURITY_COLOR_NAMES[color];
  return key ? t(key) : t("colorOther");
}

/** Paints `phraseNode` with the settings' phrase and the page with their colour. */
export function showSeal(settings, phraseNode) {
  document.documentElement.style.setProperty("--security-color", settings.securityColor);
  phraseNode.textContent = settings.securityPhrase || t("sealNotSet");
}

/**
 * Draws the stored seal into `band` (its background) and `phraseEl` (the
 * phrase, as text), for surfaces that show it without the page-wide colour
 * (the warning page, the Safety Tip).
 */
export async function drawSeal(band, phraseEl) {
  const settings = await loadSettings();
  if (settings.securityPhrase) phraseEl.textContent = t("sealLabel", settings.securityPhrase);
  band.style.background = settings.securityColor;
}

/**
 * Fills `group` (an element with role="radiogroup") with one button per
 * colour, each named for its colour. `onPick(color)` is called on a choice;
 * `select(color)` marks the chosen one. Arrow keys move between colours.
 */
export function colorPicker(group, onPick) {
  const buttons = SECURITY_COLORS.map((color) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "color";
    button.setAttribute("role", "radio");
    button.setAttribute("aria-label", colorName(color));
    button.title = colorName(color);
    button.dataset.color = color;
    button.style.background = color;
    button.addEventListener("click", () => onPick(color));
    button.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = SECURITY_COLORS[(SECURITY_COLORS.indexOf(color) + step + SECURITY_COLORS.length) % SECURITY_COLORS.length];
      onPick(next);
      group.querySelector(`[data-color="${next}"]`)?.focus();
    });
    return button;
  });
  group.replaceChildren(...buttons);
  // The chosen colour's name, written out beside the buttons when the page
  // has a place for it (`data-color-name` on the element after the group).
  const nameNode = group.nextElementSibling?.hasAttribute("data-color-name") ? group.nextElementSibling : null;
  return {
    select(chosen) {
      if (nameNode) nameNode.textContent = colorName(chosen);
      for (const button of buttons) {
        const on = button.dataset.color === chosen;
        button.setAttribute("aria-checked", String(on));
        button.tabIndex = on ? 0 : -1;
      }
    },
  };
}
