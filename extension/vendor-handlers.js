// The service worker's side of the vendor store: the VENDOR_* messages from
// the options page, the refresh schedule, and vendors pushed by IT policy.
//
//   options page ─VENDOR_PREVIEW─► fetch + verify ─► storage.session preview
//                ─VENDOR_ADD─────► storage.local "vendors" ─► engine re-opened
//   alarm "countersign-refresh" (every 15 min) ─► refresh the vendors due
//   runtime.onStartup / onInstalled ─► alarm, managed sync, refresh due
//   storage.managed "vendors" changed ─► managed sync
//
// The listeners below are registered when this module is first evaluated,
// which is during the worker's synchronous start (background.js imports it
// statically), so a worker woken by an alarm receives it.
//
// The rules (what is accepted, when a vendor is stale or expired) are in
// vendors.js; this file is the plumbing around them.

import { MSG } from "./messages.js";
import * as countersign from "./pkg/countersign.js";
import {
  MAX_VENDORS,
  REFRESH,
  SOURCE,
  VENDORS_KEY,
  afterRefresh,
  checkJoins,
  fetchDirectory,
  hostPermissionFor,
  isDue,
  loadRecords,
  newRecord,
  openEngine,
  parseVendorInput,
  plainText,
  recordStatus,
  updateRecords,
  vendorCard,
  vendorLink,
  verifyFetched,
} from "./vendors.js";
import { loadWasm } from "./wasm-loader.js";

/** The alarm that looks for vendors due for a refresh. */
export const REFRESH_ALARM = "countersign-refresh";

// storage.session: directories fetched for a card the user has not accepted
// yet ("vendor-preview:<id>"); storage.local: problems with managed vendors.
const PREVIEW_PREFIX = "vendor-preview:";
const MANAGED_PROBLEMS_KEY = "vendors-managed-problems";

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

// ---------------------------------------------------------------------------
// The engine over every vendor, for background.js.

// Bumped whenever the stored vendors change, and only then; the engine is
// re-opened when the number it was opened with is no longer current.
let version = 0;

/** The current version of the stored vendors. */
export function vendorsVersion() {
  return version;
}

/**
 * Opens the engine over the demo vendor and every stored vendor at `now`.
 * Returns the engine's `{ok, countersign, ...}` result.
 */
export async function openVendorEngine(now) {
  // The stored vendors are read while the module loads, not after.
  const [, records] = await Promise.all([loadWasm(), loadRecords()]);
  const start = performance.now();
  const opened = openEngine(countersign, records, now);
  performance.measure?.("countersign:directories", { start, end: performance.now() });
  return opened;
}

// ---------------------------------------------------------------------------
// Views for the options page.

/**
 * What the options page shows of a stored vendor:
 * `{url, link, name, source, removable, status, statusMessage, statusParams,
 * problem, card}`. `problem` is the last refresh's error
 * (`{code, message, params}`) or null.
 */
function vendorView(record, now) {
  const { status, message, params } = recordStatus(record, now);
  let card = null;
  try {
    // Verified again as of just before it expires, so that an expired
    // vendor's card still shows what it was (its status says it expired).
    const opened = countersign.Countersign.openDirectory(record.envelope, record.root, record.expiresAt - 1, record.state);
    if (opened.ok) {
      const view = opened.countersign.directory();
      card = vendorCard(view.directory, { url: record.url, rootKeyId: view.rootKeyId, formatPhone: countersign.formatPhone });
      opened.countersign.free?.();
    }
  } catch {
    // No card: the list still names the vendor and its status.
  }
  return {
    url: record.url,
    link: vendorLink(record.url, record.root),
    name: record.name,
    source: record.source,
    removable: record.source !== SOURCE.MANAGED,
    status,
    statusMessage: message,
    statusParams: params,
    problem: record.lastError
      ? { code: record.lastError.code, message: record.lastError.message, params: record.lastError.params ?? [] }
      : null,
    card,
  };
}

async function listVendors() {
  await loadWasm();
  const now = nowSeconds();
  const records = await loadRecords();
  const builtIn = [];
  const demo = countersign.Countersign.openDemo(now);
  if (demo.ok) {
    builtIn.push({ name: plainText(demo.countersign.directory().directory.vendor.name, 120) });
    demo.countersign.free?.();
  }
  const managedProblems = (await chrome.storage.local.get(MANAGED_PROBLEMS_KEY))[MANAGED_PROBLEMS_KEY] ?? [];
  return { ok: true, builtIn, vendors: records.map((r) => vendorView(r, now)), managedProblems };
}

// ---------------------------------------------------------------------------
// Adding a vendor: fetch, verify, show, then trust.

/**
 * Fetches and verifies `url`'s directory under `root` for a vendor not yet
 * trusted, and checks that it can join the others.
 * Returns `{ok, verified}` or a refusal.
 */
async function fetchNewVendor(url, root, records, now) {
  if (records.some((r) => r.url === url)) {
    return { ok: false, code: "already-trusted", message: "This vendor is already in your list." };
  }
  if (records.length >= MAX_VENDORS) {
    return { ok: false, code: "too-many-vendors", message: `Countersign keeps at most ${MAX_VENDORS} vendors; remove one first.`, params: [String(MAX_VENDORS)] };
  }
  const fetched = await fetchDirectory(url);
  if (!fetched.ok) return fetched;
  const verified = verifyFetched(countersign, { text: fetched.text, url, root, state: undefined, now });
  if (!verified.ok) return verified;
  const name = plainText(verified.directory.vendor.name, 120);
  if (records.some((r) => r.vendorId !== "" && r.vendorId === verified.directory.vendor.id)) {
    return { ok: false, code: "already-trusted-name", message: `${name} is already in your list.`, params: [name] };
  }
  const joins = checkJoins(countersign, records, { url, name, envelope: verified.envelope, root: verified.root, state: verified.state }, now);
  if (!joins.ok) return joins;
  return { ok: true, verified };
}

async function previewVendor(message) {
  const input = parseVendorInput(message.url, message.root);
  if (!input.ok) return input;
  await loadWasm();
  const now = nowSeconds();
  const result = await fetchNewVendor(input.url, input.root, await loadRecords(), now);
  if (!result.ok) return result;
  // One card at a time: earlier lookups the user left open are dropped.
  const earlier = Object.keys(await chrome.storage.session.get(null)).filter((k) => k.startsWith(PREVIEW_PREFIX));
  if (earlier.length > 0) await chrome.storage.session.remove(earlier);
  const previewId = crypto.randomUUID();
  await chrome.storage.session.set({
    [PREVIEW_PREFIX + previewId]: { url: input.url, root: input.root, envelope: result.verified.envelope },
  });
  return {
    ok: true,
    previewId,
    url: input.url,
    card: vendorCard(result.verified.directory, { url: input.url, rootKeyId: result.verified.rootKeyId, formatPhone: countersign.formatPhone }),
  };
}

async function addVendor(message) {
  if (typeof message.previewId !== "string" || message.previewId.length > 100) {
    return { ok: false, code: "bad-message", message: "previewId must be a string" };
  }
  const key = PREVIEW_PREFIX + message.previewId;
  /** @type {any} */
  const preview = (await chrome.storage.session.get(key))[key];
  if (!preview) {
    return { ok: false, code: "no-preview", message: "Look the vendor up again: the directory shown is no longer at hand." };
  }
  await chrome.storage.session.remove(key);
  await loadWasm();
  const now = nowSeconds();
  // Exactly the directory the user saw, verified again at this moment.
  const verified = verifyFetched(countersign, { text: preview.envelope, url: preview.url, root: preview.root, state: undefined, now });
  if (!verified.ok) return verified;
  let added = null;
  let refusal = null;
  await updateRecords((records) => {
    if (records.some((r) => r.url === preview.url)) {
      refusal = { ok: false, code: "already-trusted", message: "This vendor is already in your list." };
      return records;
    }
    const candidate = { url: preview.url, name: verified.directory.vendor.name, envelope: verified.envelope, root: verified.root, state: verified.state };
    const joins = checkJoins(countersign, records, candidate, now);
    if (!joins.ok) {
      refusal = joins;
      return records;
    }
    added = newRecord(verified, { url: preview.url, source: SOURCE.USER, now });
    return [...records, added];
  });
  version += 1;
  if (refusal) return refusal;
  return { ok: true, vendor: vendorView(added, now) };
}

async function removeVendor(message) {
  if (typeof message.url !== "string") return { ok: false, code: "bad-message", message: "url must be a string" };
  let refusal = null;
  /** @type {any} */
  let removed = null;
  const remaining = await updateRecords((records) => {
    const record = records.find((r) => r.url === message.url);
    if (!record) {
      refusal = { ok: false, code: "not-found", message: "This vendor is not in your list." };
      return records;
    }
    if (record.source === SOURCE.MANAGED) {
      refusal = {
        ok: false,
        code: "managed",
        message: `${record.name} was added by your organisation's IT and cannot be removed here.`,
        params: [record.name],
      };
      return records;
    }
    removed = record;
    return records.filter((r) => r !== record);
  });
  version += 1;
  if (refusal) return refusal;
  await dropHostPermission(removed.url, remaining);
  return { ok: true };
}

/** Gives back the host permission of `url` unless another vendor needs it. */
async function dropHostPermission(url, remaining) {
  const pattern = hostPermissionFor(url);
  if (remaining.some((r) => hostPermissionFor(r.url) === pattern)) return;
  try {
    await chrome.permissions.remove({ origins: [pattern] });
  } catch {
    // Not granted (a managed install, or the user withdrew it already).
  }
}

// ---------------------------------------------------------------------------
// Refreshing.

/**
 * Fetches `record`'s directory again and stores the outcome, unless the
 * record changed meanwhile (removed, or refreshed by another run).
 */
async function refreshOne(record) {
  const fetched = await fetchDirectory(record.url);
  const now = nowSeconds();
  /** @type {any} */
  let result = fetched.ok
    ? verifyFetched(countersign, { text: fetched.text, url: record.url, root: record.root, state: record.state, now })
    : fetched;
  if (result.ok) {
    // A new version may claim what another trusted vendor owns: refused
    // like any other bad directory (the one trusted so far is kept).
    const candidate = { url: record.url, name: record.name, envelope: result.envelope, root: result.root, state: result.state };
    const joins = checkJoins(countersign, await loadRecords(), candidate, now);
    if (!joins.ok) result = joins;
  }
  await updateRecords((records) =>
    records.map((r) =>
      r.url === record.url && r.state?.digest === record.state?.digest && r.lastAttemptAt === record.lastAttemptAt
        ? afterRefresh(r, result, now)
        : r,
    ),
  );
  version += 1;
}

let refreshing = null;

/**
 * Refreshes every vendor due at this moment (or every vendor, with `all`,
 * or the one at `url`). One run at a time; a call during a run waits for it
 * and then runs again, so nothing asked for is skipped.
 */
export function refreshVendors({ all = false, url = null } = {}) {
  const run = async () => {
    await loadWasm();
    const now = nowSeconds();
    const records = await loadRecords();
    const chosen = records.filter((r) => (url ? r.url === url : all || isDue(r, now)));
    for (const record of chosen) await refreshOne(record);
  };
  const previous = refreshing ?? Promise.resolve();
  const next = previous.catch(() => {}).then(run);
  refreshing = next;
  next.finally(() => {
    if (refreshing === next) refreshing = null;
  }).catch(() => {});
  return next;
}

// ---------------------------------------------------------------------------
// Managed vendors: pushed by IT through policy (Chrome: managed_schema.json;
// Firefox: policies.json "3rdparty"). See docs/vendors.md.

async function readManagedEntries() {
  try {
    const managed = await chrome.storage.managed.get("vendors");
    return Array.isArray(managed?.vendors) ? managed.vendors.slice(0, MAX_VENDORS) : [];
  } catch {
    // No policy for this extension (Firefox says so with an error).
    return [];
  }
}

/**
 * Brings the stored vendors in line with the policy: adds managed vendors
 * not yet stored, marks a user's vendor that IT now manages, and removes
 * managed vendors the policy no longer lists. A vendor that cannot be added
 * is listed with its reason for the options page.
 *
 * The policy's root key is the one trusted for its vendors: a stored vendor
 * (managed, or one the user added) pinned to another key is fetched again
 * under the policy's, so a root key IT rotates takes effect. If the
 * directory does not verify under the policy's key, the vendor is not kept
 * under the old one either (listed with the reason): a key the organisation
 * replaced may be one it no longer trusts.
 */
export async function syncManagedVendors() {
  const entries = await readManagedEntries();
  await loadWasm();
  const wanted = [];
  const problems = [];
  for (const entry of entries) {
    const input = parseVendorInput(entry?.directoryUrl ?? entry?.link ?? "", entry?.rootKey ?? "");
    if (!input.ok) {
      problems.push({ url: plainText(String(entry?.directoryUrl ?? entry?.link ?? ""), 300), message: input.message });
    } else {
      wanted.push(input);
    }
  }
  const wantedUrls = new Set(wanted.map((w) => w.url));
  const records = await loadRecords();
  const fetchedNew = [];
  /** Stored vendors the policy now pins to another key. */
  const rekeyed = new Set();
  for (const want of wanted) {
    const stored = records.find((r) => r.url === want.url);
    if (stored && stored.root === want.root) continue;
    if (stored) rekeyed.add(want.url);
    const now = nowSeconds();
    const others = records.filter((r) => r.url !== want.url);
    const result = await fetchNewVendor(want.url, want.root, others, now);
    if (result.ok) {
      fetchedNew.push(newRecord(result.verified, { url: want.url, source: SOURCE.MANAGED, now }));
    } else {
      problems.push({ url: want.url, message: result.message });
    }
  }
  // At every browser start the policy is usually what it was: then nothing
  // is written and the version stays, so the engine the worker opened as it
  // woke is kept instead of being opened again.
  let changed = false;
  await updateRecords((current) => {
    const kept = current
      .filter((r) => (r.source !== SOURCE.MANAGED || wantedUrls.has(r.url)) && !rekeyed.has(r.url))
      .map((r) => (wantedUrls.has(r.url) && r.source !== SOURCE.MANAGED ? { ...r, source: SOURCE.MANAGED } : r));
    const fresh = fetchedNew.filter((n) => !kept.some((r) => r.url === n.url));
    const next = [...kept, ...fresh];
    changed = next.length !== current.length || next.some((r, i) => r !== current[i]);
    return changed ? next : current;
  });
  if (changed) version += 1;
  await chrome.storage.local.set({ [MANAGED_PROBLEMS_KEY]: problems });
}

// ---------------------------------------------------------------------------
// Message handlers (merged into background.js's table).

export const vendorHandlers = {
  [MSG.VENDOR_LIST]: () => listVendors(),
  [MSG.VENDOR_PREVIEW]: (message) => {
    if (typeof message.url !== "string" || message.url.length > 4096 || (message.root != null && typeof message.root !== "string")) {
      return Promise.resolve({ ok: false, code: "bad-message", message: "url and root must be strings" });
    }
    return previewVendor({ url: message.url, root: (message.root ?? "").slice(0, 4096) });
  },
  [MSG.VENDOR_ADD]: (message) => addVendor(message),
  [MSG.VENDOR_REMOVE]: (message) => removeVendor(message),
  [MSG.VENDOR_REFRESH]: async (message) => {
    if (message.url != null && typeof message.url !== "string") {
      return { ok: false, code: "bad-message", message: "url must be a string" };
    }
    await refreshVendors(message.url ? { url: message.url } : { all: true });
    return listVendors();
  },
};

// ---------------------------------------------------------------------------
// Listeners, registered at the top level of the worker's start.

async function startUp() {
  await chrome.alarms.create(REFRESH_ALARM, {
    delayInMinutes: 1,
    periodInMinutes: REFRESH.ALARM_MINUTES,
  });
  await syncManagedVendors();
  // At start-up only the vendors due are fetched: failures back off
  // (vendors.js afterRefresh), so a browser restarted often does not hammer
  // a vendor that is down.
  await refreshVendors();
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === REFRESH_ALARM) refreshVendors().catch(() => {});
});

chrome.runtime.onStartup.addListener(() => {
  startUp().catch(() => {});
});

chrome.runtime.onInstalled.addListener(() => {
  startUp().catch(() => {});
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "managed") syncManagedVendors().catch(() => {});
  if (area === "local" && Object.hasOwn(changes, VENDORS_KEY)) version += 1;
});
