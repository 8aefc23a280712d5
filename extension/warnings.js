// What the user sees over or instead of a page, decided from its record.
//
//   confidence "high" ─► full-tab warning: the tab is navigated to the
//                        extension's own warning.html; the page's URL and
//                        facts wait in storage.session "warning:<tabId>"
//                        (never in the warning's URL, which a page could
//                        forge or read)
//   confidence "low"  ─► Safety Tip over the page (content/page-ui.js), unless
//                        the user closed it on this page
//   marks, verified   ─► highlights where they stand, always
//   a site the user said is not a scam (STORAGE.ALLOWED_SITES) gets neither
//   warning nor tip; the toolbar badge still tells the truth.
//
// warning.html is not web-accessible: a page can neither frame it (so no
// clickjacking of "Continue anyway") nor navigate to it.

import { STORAGE, TO_TAB, VERDICT } from "./messages.js";

export const WARNING_PAGE = "warning.html";

export function hostOf(url) {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** The sites the user trusts despite a warning: host -> {at, verdict}. */
export async function allowedSites() {
  const stored = (await chrome.storage.local.get(STORAGE.ALLOWED_SITES))[STORAGE.ALLOWED_SITES];
  return stored && typeof stored === "object" ? stored : {};
}

export async function allowSite(host, verdict, now) {
  if (host === "") return;
  const sites = await allowedSites();
  sites[host] = { at: now, verdict };
  await chrome.storage.local.set({ [STORAGE.ALLOWED_SITES]: sites });
}

/** Whether the record calls for undoing scam behaviour (full screen, ...). */
function undoes(record) {
  return record.verdict === VERDICT.IMPERSONATION || record.verdict === VERDICT.SUSPICIOUS;
}

/**
 * Shows what the record calls for in tab `tabId`. Returns what was done:
 * "warning", "tip" or "marks".
 */
export async function present(tabId, record) {
  const host = hostOf(record.url);
  const allowed = (await allowedSites())[host];
  if (record.confidence === "high" && !allowed) {
    await chrome.storage.session.set({
      // `opening`: the next load in this tab is the warning page itself.
      [STORAGE.WARNING_PREFIX + tabId]: { url: record.url, host, record, opening: true },
    });
    await chrome.tabs.update(tabId, { url: chrome.runtime.getURL(WARNING_PAGE) });
    return "warning";
  }
  const dismissedKey = STORAGE.TIP_DISMISSED_PREFIX + tabId;
  const dismissed = (await chrome.storage.session.get(dismissedKey))[dismissedKey] === record.url;
  const tip = record.confidence !== "none" && !allowed && !dismissed;
  const marks = record.marks.map((m) => ({ text: m.text }));
  const verified = [];
  record.notices.forEach((n, i) => {
    const text = record.noticeTexts?.[i];
    if (n.ok && text) verified.push({ text, index: record.marks.length + i });
  });
  try {
    await chrome.tabs.sendMessage(
      tabId,
      { type: TO_TAB.PAGE_UI, tip, undo: undoes(record) && !allowed, marks, verified },
      { frameId: 0 },
    );
  } catch {
    // The tab navigated away or has no content script (a restricted page).
  }
  return tip ? "tip" : "marks";
}
