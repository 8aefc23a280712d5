// "Report this": an email to the vendor's official address, written for the
// user to read, change and send themselves. Nothing is sent by the extension:
// the popup opens a mailto: link in the user's own mail program.
//
// The address comes only from the vendor's signed directory, never from the
// page (a scam page would happily give its own "report" address).

/** Bodies longer than this are cut: mail programs refuse very long mailto: links. */
export const MAX_BODY_CHARS = 1800;

/**
 * The official address to report to: one whose label says it takes reports
 * (abuse, security, fraud), else the support address, else the first.
 */
export function reportAddress(emails) {
  const list = Array.isArray(emails) ? emails.filter((e) => typeof e?.address === "string") : [];
  const by = (pattern) => list.find((e) => pattern.test(String(e.label ?? "")));
  return (by(/abuse|security|fraud|report|phish/i) ?? by(/support/i) ?? list[0])?.address ?? null;
}

/**
 * The mailto: link, or null when the directory lists no address.
 * `t(key, ...subs)` localises (the popup passes i18n.js's t).
 *   official: { name, emails: [{address, label}] }
 *   page:     { url, checked?, headline, summary: string[], contacts: string[] }
 *             (`checked`: what the user pasted into Check anything, when
 *             the warning is about that rather than a page)
 */
export function reportMailto(official, page, t) {
  const to = reportAddress(official?.emails);
  if (!to) return null;
  const lines = [
    t("reportMailIntro", official.name),
    "",
  ];
  if (page.url) lines.push(`${t("reportMailPage")} ${oneLine(page.url)}`);
  if (page.checked) lines.push(`${t("reportMailChecked")} ${oneLine(page.checked)}`);
  if (page.headline) lines.push(`${t("reportMailVerdict")} ${oneLine(page.headline)}`);
  for (const line of page.summary ?? []) lines.push(`- ${oneLine(line)}`);
  if ((page.contacts ?? []).length > 0) {
    lines.push(`${t("reportMailContacts")} ${page.contacts.map(oneLine).join(", ")}`);
  }
  lines.push("", t("reportMailClosing"));
  let body = lines.join("\n");
  if (body.length > MAX_BODY_CHARS) body = `${body.slice(0, MAX_BODY_CHARS - 1)}…`;
  const subject = t("reportMailSubject", official.name);
  return `mailto:${encodeURIComponent(to).replace("%40", "@")}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}

/** Page text on one line, without control characters, bounded. */
function oneLine(text) {
  // eslint-disable-next-line no-control-regex
  return String(text ?? "").replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, " ").trim().slice(0, 300);
}
