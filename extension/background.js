// Countersign service worker: the dispatcher, and the only place verdicts
// are made.
//
//   content/main.js (in the page) --PAGE_SCAN--> dispatcher ──► judge.js
//                                                   │  cleanScan ─► analyseScan (wasm)
//   popup / options --GET_TAB_VERDICT, VERIFY_TEXT, │            │
//                     GET_DIRECTORY---------------->│            ▼
//   warning.html    --GET_WARNING, WARNING_ACTION-->│   storage.session "tab:<id>"
//   tip.html        --GET_TIP, TIP_ACTION---------->│            │
//                                                   │            ├─► toolbar badge + title
//                                                   │            └─► warnings.js: full-tab
//                                                   │                warning, Safety Tip, marks
//
// The trust check is the first thing the dispatcher does (messages.js has
// the tiers). The browser may stop this worker whenever it is idle, so:
// - every listener is registered synchronously, at the top level, below;
// - nothing lives only in memory: verdicts are in chrome.storage.session,
//   settings in chrome.storage.local;
// - the wasm engine is loaded on first use and memoised for the life of the
//   worker (getEngine, in engine.js).

import { getEngine, nowSeconds, wasm as countersign } from "./engine.js";
import { cleanScan, judge, noticeSummary, verifyOne } from "./judge.js";
import { LIMITS, MSG, SENDER_PAGE, STORAGE, TIER, TO_TAB, VERDICT, digest } from "./messages.js";
import { ensureSecurityPhrase, loadSettings } from "./settings.js";
import { WARNING_PAGE, allowSite, hostOf, present } from "./warnings.js";
import { needsLiveDoc, verdictGone } from "./stale-verdict.js";
// Vendors: the directory store's messages, refresh alarm and managed
// policy (its listeners are registered as this import is evaluated).
import { vendorHandlers } from "./vendor-handlers.js";
// The popup's, welcome page's and options' messages (ui-handlers.js).
import { uiHandlers } from "./ui-handlers.js";

// ---------------------------------------------------------------------------
// Toolbar: the part of the verdict a page cannot draw over.

const BADGES = {
  [VERDICT.IMPERSONATION]: { text: "!", color: "#b3261e", title: "Warning: this page impersonates {vendor}" },
  [VERDICT.INVALID_NOTICE]: { text: "\u2717", color: "#b3261e", title: "Warning: a {vendor} notice on this page is not valid" },
  [VERDICT.SUSPICIOUS]: { text: "?", color: "#a15c00", title: "Caution: this page claims to be {vendor} support" },
  [VERDICT.VERIFIED]: { text: "\u2713", color: "#1e7e34", title: "Verified {vendor} notice on this page" },
  [VERDICT.OFFICIAL]: { text: "\u2713", color: "#1565c0", title: "Official {vendor} website" },
  [VERDICT.CLEAN]: { text: "", color: "#5f6368", title: "" },
};

async function showBadge(tabId, record) {
  const badge = BADGES[record?.verdict] ?? BADGES[VERDICT.CLEAN];
  const vendor = record?.vendor || "the vendor";
  const title = badge.title ? `Countersign: ${badge.title.replace("{vendor}", vendor)}` : "Countersign";
  try {
    await Promise.all([
      chrome.action.setBadgeText({ tabId, text: badge.text }),
      chrome.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      chrome.action.setBadgeTextColor?.({ tabId, color: "#ffffff" }),
      chrome.action.setTitle({ tabId, title }),
    ]);
  } catch {
    // The tab closed meanwhile.
  }
}

// ---------------------------------------------------------------------------
// Handlers, one per message type.

// Scans of one tab are handled one after the other, so a slow early scan
// cannot overwrite the verdict of a later one.
const tabQueues = new Map();
// The last cheap read of each tab that was found to hold nothing, as a
// digest: the same read again (the page changed, but not its text) is not
// judged again. Lost with the worker, which then judges it again.
const quietReads = new Map();
let firstVerdictTimed = false;

function queueForTab(tabId, job) {
  const previous = tabQueues.get(tabId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(job);
  tabQueues.set(tabId, next);
  next.finally(() => {
    if (tabQueues.get(tabId) === next) tabQueues.delete(tabId);
  });
  return next;
}

/**
 * A value kept in storage.session, or null.
 * @param {string} key
 * @returns {Promise<any>}
 */
async function sessionValue(key) {
  return (await chrome.storage.session.get(key))[key] ?? null;
}

/** The verdict record of a tab, or null. */
function tabRecord(tabId) {
  return sessionValue(STORAGE.TAB_PREFIX + tabId);
}

function boundedString(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

/**
 * Whether a verdict says there is nothing at all on the page: clean, no
 * vendor mentioned, not one suspicious cue (score 0), no mark, notice,
 * tactic or official site, no reason but "no claim". Only then does a
 * cheap read stand for the page.
 */
function nothingIn(record) {
  return record.verdict === VERDICT.CLEAN && record.confidence === "none" && !record.vendor &&
    record.score === 0 && record.marks.length === 0 && record.notices.length === 0 &&
    record.tactics.length === 0 && !record.official && !record.error &&
    (record.page?.reasons ?? []).every((r) => r.code === "no-claim");
}

const handlers = {
  ...vendorHandlers,
  ...uiHandlers(getEngine),

  async [MSG.PAGE_SCAN](message, sender) {
    const scan = cleanScan(message.scan);
    // The URL is the browser's, not what the page's script claims.
    scan.url = sender.url ?? sender.tab?.url ?? "";
    const tabId = sender.tab.id;
    // The content script's cheap first read (content/main.js): judged like
    // any scan, but kept only when there is nothing at all in it; for
    // anything else the content script sends the full scan.
    const quick = message.quick === true;
    // Which document of the tab sent it (a random id its content script
    // made): the verdict is kept as long as that document is the tab's.
    const doc = boundedString(message.doc, 64);
    let nothing = false;
    await queueForTab(tabId, async () => {
      let record;
      const key = quick ? digest(`${scan.url}\n${JSON.stringify(scan)}`) : "";
      // The same read as this tab's last quiet one, for the same document:
      // its stored verdict stands. A new document (a reload of the same
      // page) is judged and stored afresh, or it would have no verdict of
      // its own once the old one is dropped.
      if (quick && message.force !== true && quietReads.get(tabId) === key) {
        const stored = await tabRecord(tabId);
        if (stored?.read === "quick" && stored.doc === doc) {
          nothing = true;
          return;
        }
      }
      quietReads.delete(tabId);
      try {
        // Read together: on a cold start the engine is the slow one.
        const [cs, settings] = await Promise.all([getEngine(), loadSettings()]);
        // `read`: which read of the page the verdict is on.
        record = { tabId, read: quick ? "quick" : "full", doc, ...judge(cs, scan, settings, nowSeconds()) };
        if (quick) {
          nothing = nothingIn(record);
          if (!nothing) return;
          quietReads.set(tabId, key);
        }
      } catch (error) {
        if (quick) return; // the full scan says why
        // The popup says why the page could not be checked (an expired
        // directory, a damaged package) rather than staying silent.
        record = {
          tabId,
          doc,
          url: scan.url,
          title: scan.title,
          checkedAt: nowSeconds(),
          vendor: "",
          verdict: VERDICT.CLEAN,
          confidence: "none",
          marks: [],
          notices: [],
          page: null,
          error: { code: String(error?.code ?? "internal"), message: String(error?.message ?? error) },
        };
      }
      // Badge first: whoever reads the stored record sees the badge set.
      await showBadge(tabId, record);
      await chrome.storage.session.set({ [STORAGE.TAB_PREFIX + tabId]: record });
      if (!firstVerdictTimed) {
        // How long this worker took from its start to its first verdict.
        firstVerdictTimed = true;
        performance.measure?.("countersign:first-verdict", { start: 0, end: performance.now() });
      }
      await present(tabId, record);
    });
    // The page learns nothing about the verdict, nor whether it failed;
    // the content script (not the page) learns whether a cheap read was
    // enough.
    return quick ? { ok: true, nothing } : { ok: true };
  },

  async [MSG.GET_TAB_VERDICT](message) {
    if (!Number.isInteger(message.tabId)) {
      return { ok: false, code: "bad-message", message: "tabId must be an integer" };
    }
    return { ok: true, record: await tabRecord(message.tabId) };
  },

  async [MSG.VERIFY_TEXT](message) {
    const text = boundedString(message.text, LIMITS.PASTE_CHARS);
    const cs = await getEngine();
    const settings = await loadSettings();
    const [found] = countersign.findNotices(text);
    const token = found ? found.token : text.trim();
    const encoding = found ? found.encoding : "token";
    const result = verifyOne(cs, token, { now: nowSeconds(), recipients: settings.recipients });
    return { ok: true, result: noticeSummary(encoding, result) };
  },

  async [MSG.GET_DIRECTORY]() {
    const cs = await getEngine();
    const result = cs.directory();
    if (!result.ok) return result;
    const { vendor, domains, emails, phones, policies, expires_at: expiresAt } = result.directory;
    return { ok: true, vendor, domains, emails, phones, policies, expiresAt };
  },

  async [MSG.GET_WARNING](message, sender) {
    const warning = await sessionValue(STORAGE.WARNING_PREFIX + sender.tab.id);
    // The browser clears a tab's badge when it navigates: set it again.
    if (warning) await showBadge(sender.tab.id, warning.record);
    return { ok: true, warning };
  },

  async [MSG.WARNING_ACTION](message, sender) {
    const tabId = sender.tab.id;
    const key = STORAGE.WARNING_PREFIX + tabId;
    const warning = await sessionValue(key);
    if (!warning) return { ok: false, code: "no-warning", message: "this tab shows no warning" };
    switch (message.action) {
      case "continue":
        // Remembered per site; listed and undoable in the options page.
        await allowSite(warning.host, warning.record.verdict, nowSeconds());
        await chrome.tabs.update(tabId, { url: warning.url });
        return { ok: true };
      case "official": {
        const domain = warning.record.official?.domains?.[0];
        if (!domain) return { ok: false, code: "no-official-site", message: "no official site is known" };
        await chrome.tabs.update(tabId, { url: `https://${domain}/` });
        return { ok: true };
      }
      case "back":
        // The warning page goes back past the page it replaced itself when
        // the tab has history; otherwise here: a new tab page.
        await chrome.storage.session.remove(key);
        await chrome.tabs.update(tabId, { url: "chrome://newtab/" }).catch(() => chrome.tabs.update(tabId, { url: "about:blank" }));
        return { ok: true };
      default:
        return { ok: false, code: "bad-message", message: "unknown action" };
    }
  },

  async [MSG.GET_TIP](message, sender) {
    // A tab's record is dropped whenever the tab loads a new document, so
    // it is always about the page the tab shows now: a page that frames
    // tip.html itself learns only the truth about itself.
    const record = await tabRecord(sender.tab.id);
    if (!record) return { ok: true, record: null, mark: null };
    let mark = null;
    if (Number.isInteger(message.mark) && message.mark >= 0) {
      if (message.mark < record.marks.length) {
        const { kind: contactKind, text, note, display } = record.marks[message.mark];
        mark = { kind: "contact", contactKind, text, note, display };
      }
      else {
        const notice = record.notices[message.mark - record.marks.length];
        if (notice?.ok) mark = { kind: "notice", notice: notice.notice };
      }
    }
    return { ok: true, record, mark };
  },

  async [MSG.TIP_ACTION](message, sender) {
    const tabId = sender.tab.id;
    const record = await tabRecord(tabId);
    if (!record) return { ok: false, code: "no-tip", message: "no tip on this page" };
    if (message.action === "not-scam") {
      await allowSite(hostOf(record.url), record.verdict, nowSeconds());
    } else if (message.action === "dismiss") {
      await chrome.storage.session.set({ [STORAGE.TIP_DISMISSED_PREFIX + tabId]: record.url });
    } else {
      return { ok: false, code: "bad-message", message: "unknown action" };
    }
    await present(tabId, record);
    return { ok: true };
  },
};

// ---------------------------------------------------------------------------
// The dispatcher.

const EXTENSION_ORIGIN = chrome.runtime.getURL("");

/**
 * The trust tier of a sender, from what the browser says about it:
 * "extension" for this extension's own pages, "content" for this
 * extension's content script in a tab's top frame, null otherwise.
 */
function senderTier(sender) {
  if (sender.id !== chrome.runtime.id) return null;
  if (typeof sender.url === "string" && sender.url.startsWith(EXTENSION_ORIGIN)) return "extension";
  if (Number.isInteger(sender.tab?.id) && sender.tab.id >= 0 && sender.frameId === 0) return "content";
  return null;
}

/** Whether a tag limited to one extension page (SENDER_PAGE) came from it, in a tab. */
function fromItsPage(type, sender) {
  const page = SENDER_PAGE[type];
  if (!page) return true;
  let path;
  try {
    path = new URL(sender.url).pathname;
  } catch {
    return false;
  }
  return path === page && Number.isInteger(sender.tab?.id) && sender.tab.id >= 0;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const tier = senderTier(sender);
  const type = message && typeof message === "object" ? message.type : undefined;
  if (tier === null || typeof type !== "string" || !Object.hasOwn(TIER, type) || TIER[type] !== tier ||
      !fromItsPage(type, sender)) {
    sendResponse({ ok: false, code: "refused", message: "message refused" });
    return false;
  }
  handlers[type](message, sender).then(sendResponse, (error) => {
    sendResponse({
      ok: false,
      code: error?.code ?? "internal",
      message: String(error?.message ?? error),
    });
  });
  // The response is sent asynchronously.
  return true;
});

// The tab is loading or has loaded (a new document, a reload, a restore
// from the back/forward cache), or shows another address: the old verdict
// no longer applies once its document is gone (stale-verdict.js says when;
// the event can come after the new page's own verdict). The content script
// scans again once the page is idle, and on history navigations.
// The one exception is the load of the warning page itself: the verdict it
// shows stays the tab's verdict (badge and popup included). Chromium reports
// that load once; Firefox twice (first still under the old address, then
// under the warning's), so a load whose address is the warning page keeps
// the record too.
// In the tab's queue: never between a scan's verdict and its storing.
chrome.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
  if (changeInfo.status === undefined && changeInfo.url === undefined) return;
  queueForTab(tabId, () => tabChanged(tabId, changeInfo, tab)).catch(() => {});
});

async function tabChanged(tabId, changeInfo, tab) {
  const key = STORAGE.WARNING_PREFIX + tabId;
  const warning = await sessionValue(key);
  const url = changeInfo.url ?? tab?.url ?? "";
  if (warning && url.startsWith(chrome.runtime.getURL(WARNING_PAGE))) {
    if (warning.opening && changeInfo.status === "loading") await chrome.storage.session.set({ [key]: { ...warning, opening: false } });
    return;
  }
  if (warning?.opening) {
    if (changeInfo.status === "loading") await chrome.storage.session.set({ [key]: { ...warning, opening: false } });
    return;
  }
  const record = await tabRecord(tabId);
  const liveDoc = needsLiveDoc(changeInfo, record) ? await documentIn(tabId) : null;
  if (record ? !verdictGone(changeInfo, record, liveDoc) : changeInfo.status !== "loading") return;
  await chrome.storage.session.remove(STORAGE.TAB_PREFIX + tabId);
  await showBadge(tabId, null);
}

/** The id of the document in a tab's top frame, from its content script, or null. */
async function documentIn(tabId) {
  let timer = 0;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), 2000);
  });
  const asked = chrome.tabs
    .sendMessage(tabId, { type: TO_TAB.PAGE_DOC }, { frameId: 0 })
    .then((answer) => (typeof answer?.doc === "string" ? answer.doc : null), () => null);
  try {
    return await Promise.race([asked, late]);
  } finally {
    clearTimeout(timer);
  }
}

chrome.tabs.onRemoved.addListener((tabId) => {
  quietReads.delete(tabId);
  chrome.storage.session.remove([
    STORAGE.TAB_PREFIX + tabId,
    STORAGE.WARNING_PREFIX + tabId,
    STORAGE.TIP_DISMISSED_PREFIX + tabId,
  ]);
});

chrome.runtime.onInstalled.addListener(() => {
  ensureSecurityPhrase();
});

// Verdicts are for extension pages only. This is Chrome's default; saying it
// here keeps it true if the default changes. (Firefox never exposes
// storage.session to content scripts and has no setAccessLevel.)
chrome.storage.session.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" })?.catch(() => {});

// The engine is opened as the worker starts, not when the first page's read
// arrives: the worker is nearly always woken for a page, and opening it (the
// wasm instantiated, the directories verified) then overlaps the page's load
// instead of following its read. Then one made-up page of the kind it judges
// is judged and dropped, so that the code a first verdict runs has been
// compiled by the time the read comes: the browser compiles each wasm
// function on its first call (docs/extension.md, "Opening the engine as the
// worker starts"). Nothing of it is kept or shown. A failure is not kept
// either: the read's own getEngine() tries again, and says why.
const WARM_UP_SCAN = {
  title: "Account help",
  blocks: [
    { role: "heading", level: 1, text: "Contact our support team" },
    { role: "text", text: "Call +1 202 555 0143 or write to help@example.com about your account, ticket 48213." },
  ],
  links: [{ href: "https://www.example.com/help", text: "Help centre" }],
};
getEngine()
  .then((cs) => {
    const scan = cleanScan(WARM_UP_SCAN);
    scan.url = "https://www.example.com/help";
    judge(cs, scan, { recipients: [] }, nowSeconds());
  })
  .catch(() => {});
