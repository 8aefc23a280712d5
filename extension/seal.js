// The user's security seal on every trusted surface (warning page, Safety
// Tip, mark notes): the phrase and colour the user chose, which a page that
// draws an imitation cannot know.

import { t } from "./i18n.js";
import { loadSettings } from "./settings.js";

/** Draws the seal into `band` (background colour) and `phraseEl` (text). */
export async function drawSeal(band, phraseEl) {
  const settings = await loadSettings();
  if (settings.securityPhrase) phraseEl.textContent = t("sealLabel", settings.securityPhrase);
  band.style.background = settings.securityColor;
}
