// Countersign service worker: the only place verdicts are made.
//
//   content.js (in the page) --PAGE_SCAN--> dispatcher --> analyseScan()
//                                                |            | wasm: findNotices,
//   popup / options --GET_TAB_VERDICT-->         |            | verifyNotice, analysePage
//                   --VERIFY_TEXT------>         |            v
//                   --GET_DIRECTORY---->         |     storage.session "tab:<id>"
//                                                |            |
//                                                +--> toolbar badge + title
//
// The browser may stop this worker whenever it is idle, so:
// - every listener is registered synchronously, at the top level, below;
// - nothing lives only in memory: verdicts are in chrome.storage.session,
//   settings in chrome.storage.local;
// - the wasm engine is loaded on first use and memoised for the life of the
//   worker (getEngine).

import { LIMITS, MSG, STORAGE, TIER, VERDICT, VERDICT_ORDER } from "./messages.js";
import init, * as countersign from "./pkg/countersign.js";
import { ensureSecurityPhrase, loadSettings } from "./settings.js";
import { uiHandlers } from "./ui-handlers.js";

// ---------------------------------------------------------------------------
// The engine: wasm, loaded lazily, memoised.

// The directory is verified against the clock when opened; a worker that
// lives long (a busy browser keeps it awake) re-opens it now and then so an
// expired directory stops being trusted.
const ENGINE_MAX_AGE_MS = 10 * 60 * 1000;

let enginePromise = null;
let engineOpenedAt = 0;

/** Seconds since the epoch, as the wasm API wants them. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * The open Countersign handle (the demo vendor's verified directory).
 * Rejects with an Error whose `code` is the engine's error code.
 */
function getEngine() {
  if (enginePromise && Date.now() - engineOpenedAt < ENGINE_MAX_AGE_MS) {
    return enginePromise;
  }
  engineOpenedAt = Date.now();
  enginePromise = (async () => {
    await init({ module_or_path: chrome.runtime.getURL("pkg/countersign_bg.wasm") });
    // `Countersign.openDemo`; a free `openDemo` function is accepted too.
    const openDemo = countersign.Countersign?.openDemo ?? countersign.openDemo;
    const opened = openDemo(nowSeconds());
    if (!opened.ok) {
      throw Object.assign(new Error(opened.message), { code: opened.code });
    }
    return opened.countersign;
  })();
  // A failed load is not memoised: the next message tries again.
  enginePromise.catch(() => {
    enginePromise = null;
  });
  return enginePromise;
}

// ---------------------------------------------------------------------------
// Verifying notices.

// Texts tried as a notice's message body, per notice.
const MAX_BODIES = 6;

/**
 * Verifies one notice token. With recipient addresses from the settings, a
 * notice bound to a recipient must be bound to one of them.
 *
 * A notice with a body digest is then checked against each candidate body
 * (the text before the notice in the elements around it). What the
 * extension can see of a message is a guess (webmail wraps it in headers,
 * buttons and quoted replies), so no match is not reported as tampering: the
 * result stays verified with `body: "not-checked"`, and the popup says the
 * message text was not confirmed and to rely only on the signed details it
 * shows.
 *
 * Returns the engine's result: `{ ok: true, encoding, notice }` or
 * `{ ok: false, encoding, code, message }`.
 */
function verifyOne(cs, token, { now, recipients, bodies = [] }) {
  let result = null;
  let options = { now };
  for (const recipient of recipients.length > 0 ? recipients : [undefined]) {
    options = recipient ? { now, recipient } : { now };
    result = cs.verifyNotice(token, options);
    if (result.ok || result.code !== "not-for-recipient") break;
  }
  if (!result.ok || result.notice.body !== "not-checked") return result;
  for (const body of bodies.slice(0, MAX_BODIES)) {
    if (body.trim() === "") continue;
    const withBody = cs.verifyNotice(token, { ...options, body });
    if (withBody.ok) return withBody;
  }
  return result;
}

/**
 * Keeps only what the popup needs from a verification result. `encoding` is
 * how the notice was written on the page (the engine only saw the token).
 */
function noticeSummary(encoding, result) {
  if (result.ok) {
    return { ok: true, encoding, notice: result.notice };
  }
  return {
    ok: false,
    encoding,
    code: String(result.code),
    message: String(result.message),
  };
}

/**
 * Finds and verifies the notices of a page scan: in the texts around
 * candidates (each also offering the text before the notice as its body),
 * then in link targets. At most LIMITS.CONTEXTS distinct notices.
 * Returns `[{ token, summary }]`.
 */
function verifyScanNotices(cs, scan, settings, now) {
  const candidates = new Map();
  const add = (text, withBody) => {
    for (const found of countersign.findNotices(text)) {
      let entry = candidates.get(found.token);
      if (!entry) {
        if (candidates.size >= LIMITS.CONTEXTS) continue;
        entry = { encoding: found.encoding, bodies: [] };
        candidates.set(found.token, entry);
      }
      if (withBody) entry.bodies.push(text.slice(0, found.start));
    }
  };
  for (const context of scan.contexts) add(context, true);
  for (const href of scan.links.notices) add(href, false);
  // Markers the content script could not place in an element.
  if (candidates.size === 0 && hasNoticeMarker(scan.text)) add(scan.text, false);
  return [...candidates].map(([token, { encoding, bodies }]) => ({
    token,
    summary: noticeSummary(encoding, verifyOne(cs, token, { now, recipients: settings.recipients, bodies })),
  }));
}

function hasNoticeMarker(text) {
  return text.includes("CS1.") || text.includes("BEGIN COUNTERSIGN NOTICE");
}

// ---------------------------------------------------------------------------
// Page analysis.

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ARMOR_END = "-----END COUNTERSIGN NOTICE-----";

/** `text` without the notices in it, each replaced by a short placeholder. */
function withoutNotices(text) {
  let out = "";
  let from = 0;
  for (const found of countersign.findNotices(text)) {
    if (found.start < from) continue;
    let end;
    if (found.encoding === "armor") {
      const at = text.indexOf(ARMOR_END, found.start);
      end = at < 0 ? text.length : at + ARMOR_END.length;
    } else {
      const at = text.indexOf(found.token, found.start);
      end = at < 0 ? found.start : at + found.token.length;
    }
    out += `${text.slice(from, found.start)}[signed notice]`;
    from = end;
  }
  return out + text.slice(from);
}

/**
 * The document the detection engine reads: only what the user can see
 * (title, visible text, contact links), rebuilt from the scan. Hidden markup
 * is left out on purpose: a page must not talk the engine into "official"
 * with text nobody sees.
 *
 * The notices found on the page are cut out of the text and handed to the
 * engine as verify links instead. The engine still weighs them (a genuine
 * notice next to a scammer's number is impersonation; a call announced with
 * a notice is not a policy contradiction), but it no longer checks their
 * body digests against the whole page text: on a web page that text
 * includes the site's own navigation and headers, so the digest would never
 * match. verifyOne checks bodies against the elements around each notice.
 */
function pageHtml(scan, tokens, verifyUrl) {
  const a = (href) => `<a href="${escapeHtml(href)}">${escapeHtml(href)}</a>`;
  const base = verifyUrl.split("#")[0];
  const links = [
    ...scan.links.tel.map(a),
    ...scan.links.mailto.map(a),
    ...tokens.map((token) => `<a href="${escapeHtml(`${base}#${token}`)}">signed notice</a>`),
  ].join("\n");
  const text = hasNoticeMarker(scan.text) ? withoutNotices(scan.text) : scan.text;
  return `<!doctype html><html><head><title>${escapeHtml(scan.title)}</title></head>` +
    `<body><pre>${escapeHtml(text)}</pre>\n${links}</body></html>`;
}

/** Whether `hostname` is one of the directory's official web domains. */
function isOfficialHost(directory, hostname) {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  return (directory.domains ?? []).some(
    (d) => host === d.domain || (d.include_subdomains && host.endsWith(`.${d.domain}`)),
  );
}

// Engine reasons the popup does not list: each notice gets its own card,
// and "nothing claims to be the vendor" is already the clean headline.
const HIDDEN_REASONS = new Set(["notice-valid", "notice-invalid", "no-claim"]);

/**
 * Runs the detection engine when this build has it. Without it, the page
 * verdict is only "official" (the URL is on an official domain) or "clean".
 */
function analyseUrlAndPage(cs, url, scan, tokens, now) {
  const dir = cs.directory();
  if (typeof cs.analysePage === "function") {
    const verifyUrl = dir.ok ? dir.directory.verify_url : "https://invalid.example/verify";
    const result = cs.analysePage(url, pageHtml(scan, tokens, verifyUrl), now);
    if (result && typeof result.verdict === "string" && VERDICT_ORDER.includes(result.verdict)) {
      return {
        engine: "detection",
        verdict: result.verdict,
        score: typeof result.score === "number" ? result.score : null,
        reasons: Array.isArray(result.reasons)
          ? result.reasons
              .filter((r) => !HIDDEN_REASONS.has(r.code))
              .slice(0, 20)
              .map((r) => ({ code: String(r.code), message: String(r.message) }))
          : [],
      };
    }
    return { engine: "detection", verdict: VERDICT.CLEAN, score: null, reasons: [], error: result?.message ?? "no verdict" };
  }
  let hostname = "";
  try {
    hostname = new URL(url).hostname;
  } catch {
    // Leave it empty: not official.
  }
  const official = dir.ok && isOfficialHost(dir.directory, hostname);
  return {
    engine: "domains-only",
    verdict: official ? VERDICT.OFFICIAL : VERDICT.CLEAN,
    score: null,
    reasons: official
      ? [{ code: "official-domain", message: `${hostname} is an official ${dir.directory.vendor.name} domain.` }]
      : [],
  };
}

function worstVerdict(verdicts) {
  let best = VERDICT_ORDER.length - 1;
  for (const v of verdicts) {
    const i = VERDICT_ORDER.indexOf(v);
    if (i >= 0 && i < best) best = i;
  }
  return VERDICT_ORDER[best];
}

/** The verdict record for a page scan. Stored as is; the popup renders it. */
async function analyseScan(scan, sender) {
  const cs = await getEngine();
  const settings = await loadSettings();
  const now = nowSeconds();
  // The URL is the browser's, not what the page's script claims.
  const url = sender.url ?? sender.tab?.url ?? "";
  const found = verifyScanNotices(cs, scan, settings, now);
  const notices = found.map((f) => f.summary);
  const page = analyseUrlAndPage(cs, url, scan, found.map((f) => f.token), now);
  const verdicts = [page.verdict];
  if (notices.some((n) => !n.ok)) verdicts.push(VERDICT.INVALID_NOTICE);
  if (notices.some((n) => n.ok)) verdicts.push(VERDICT.VERIFIED);
  const dir = cs.directory();
  return {
    tabId: sender.tab.id,
    url,
    title: scan.title,
    checkedAt: now,
    vendor: dir.ok ? dir.directory.vendor.name : "",
    verdict: worstVerdict(verdicts),
    notices,
    page,
  };
}

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
// Message validation: CONTENT tier input is hostile.

function boundedString(value, max) {
  return typeof value === "string" ? value.slice(0, max) : "";
}

function boundedStrings(value, count, max) {
  return Array.isArray(value)
    ? value.slice(0, count).filter((s) => typeof s === "string").map((s) => s.slice(0, max))
    : [];
}

/** The scan with every field type- and size-checked. */
function cleanScan(message) {
  const links = message.links && typeof message.links === "object" ? message.links : {};
  return {
    text: boundedString(message.text, LIMITS.TEXT_CHARS),
    title: boundedString(message.title, LIMITS.TITLE_CHARS),
    links: {
      tel: boundedStrings(links.tel, LIMITS.LINKS, LIMITS.LINK_CHARS).filter((h) => /^tel:/i.test(h)),
      mailto: boundedStrings(links.mailto, LIMITS.LINKS, LIMITS.LINK_CHARS).filter((h) => /^mailto:/i.test(h)),
      notices: boundedStrings(links.notices, LIMITS.LINKS, LIMITS.LINK_CHARS),
    },
    contexts: boundedStrings(message.contexts, LIMITS.CONTEXTS, LIMITS.CONTEXT_CHARS),
  };
}

// ---------------------------------------------------------------------------
// Handlers, one per message type.

// Scans of one tab are handled one after the other, so a slow early scan
// cannot overwrite the verdict of a later one.
const tabQueues = new Map();

function queueForTab(tabId, job) {
  const previous = tabQueues.get(tabId) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(job);
  tabQueues.set(tabId, next);
  next.finally(() => {
    if (tabQueues.get(tabId) === next) tabQueues.delete(tabId);
  });
  return next;
}

const handlers = {
  async [MSG.PAGE_SCAN](message, sender) {
    const scan = cleanScan(message);
    const tabId = sender.tab.id;
    await queueForTab(tabId, async () => {
      let record;
      try {
        record = await analyseScan(scan, sender);
      } catch (error) {
        // The popup says why the page could not be checked (an expired
        // directory, a damaged package) rather than staying silent.
        record = {
          tabId,
          url: sender.url ?? "",
          title: scan.title,
          checkedAt: nowSeconds(),
          vendor: "",
          verdict: VERDICT.CLEAN,
          notices: [],
          page: null,
          error: { code: String(error?.code ?? "internal"), message: String(error?.message ?? error) },
        };
      }
      await chrome.storage.session.set({ [STORAGE.TAB_PREFIX + tabId]: record });
      await showBadge(tabId, record);
    });
    // The page learns nothing about the verdict, nor whether it failed.
    return { ok: true };
  },

  async [MSG.GET_TAB_VERDICT](message) {
    if (!Number.isInteger(message.tabId)) {
      return { ok: false, code: "bad-message", message: "tabId must be an integer" };
    }
    const key = STORAGE.TAB_PREFIX + message.tabId;
    const record = (await chrome.storage.session.get(key))[key] ?? null;
    return { ok: true, record };
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

  ...uiHandlers(getEngine),
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

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const tier = senderTier(sender);
  const type = message && typeof message === "object" ? message.type : undefined;
  if (tier === null || typeof type !== "string" || !Object.hasOwn(TIER, type) || TIER[type] !== tier) {
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

// The tab is loading (a new document, a reload, a restore from the
// back/forward cache): the old verdict no longer applies. The content script
// scans again once the page is idle, and on history navigations.
chrome.tabs.onUpdated.addListener((tabId, changeInfo) => {
  if (changeInfo.status === "loading") {
    chrome.storage.session.remove(STORAGE.TAB_PREFIX + tabId);
    showBadge(tabId, null);
  }
});

chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove(STORAGE.TAB_PREFIX + tabId);
});

chrome.runtime.onInstalled.addListener(() => {
  ensureSecurityPhrase();
});

// Verdicts are for extension pages only. This is Chrome's default; saying it
// here keeps it true if the default changes. (Firefox never exposes
// storage.session to content scripts and has no setAccessLevel.)
chrome.storage.session.setAccessLevel?.({ accessLevel: "TRUSTED_CONTEXTS" })?.catch(() => {});
