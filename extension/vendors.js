// The vendor directory store: which vendors this browser trusts, the signed
// directory last accepted from each, and how fresh it is.
//
//   options page ──VENDOR_PREVIEW──► fetchDirectory ─► verifyFetched ─► card
//                ──VENDOR_ADD──────► store.vendors[url] = record
//   alarm / start-up ─► refreshDue ─► fetchDirectory ─► verifyFetched ─► record
//   engine (background.js) ─► openEngine: demo vendor + every stored record
//
// Why each rule exists (TUF-style distribution):
// - A directory is accepted only if it verifies under the root this browser
//   pinned for the vendor (following the rotations the envelope carries; the
//   new root is pinned from then on), AND the URL it was fetched from is one
//   of the `published_at` URLs it signed, on a domain it lists as official.
//   A valid directory copied to another server is therefore refused: a
//   mirror cannot make itself the place a vendor's directory comes from.
// - `{sequence, digest}` of the last accepted directory is kept per vendor:
//   an older directory (rollback: an attacker replaying a version that still
//   trusts a revoked key) or a different one with the same sequence
//   (equivocation: the root signed two histories) is refused, and the one
//   already trusted is kept.
// - A server that stops answering cannot freeze a vendor in the past
//   forever: after a day of failed refreshes the vendor is shown as stale,
//   and when the directory's own `expires_at` passes its notices are no
//   longer vouched for at all (the engine refuses an expired directory).
// - Sizes and waits are bounded: a directory over the limit is refused
//   without reading the rest, a server that hangs is abandoned, bytes that
//   are not a signed directory are refused with a plain message.
//
// Nothing here touches chrome.* except the storage helpers at the end, so the
// rules can be read (and tested) apart from the browser plumbing in
// vendor-handlers.js. Every write goes through the service worker.

/** Where a vendor publishes its directory, on one of its official domains. */
export const WELL_KNOWN_PATH = "/.well-known/countersign/directory.json";

/** Limits on fetching a directory. */
export const FETCH_LIMITS = Object.freeze({
  // The engine refuses larger directories too; refusing here stops reading.
  DIRECTORY_BYTES: 1 << 20,
  // A directory is small; a server that has not answered by then is down.
  TIMEOUT_MS: 20_000,
});

/** When directories are refreshed, in seconds. */
export const REFRESH = Object.freeze({
  // A successful refresh is repeated after this long.
  EVERY_S: 4 * 3600,
  // After a failure: retry after RETRY_MIN_S, doubling up to RETRY_MAX_S.
  RETRY_MIN_S: 5 * 60,
  RETRY_MAX_S: 4 * 3600,
  // Refresh failing this long since the last success: the vendor is stale.
  STALE_AFTER_S: 24 * 3600,
  // The alarm that looks for due refreshes, in minutes.
  ALARM_MINUTES: 15,
});

/** The most vendors one browser keeps (each directory is up to 1 MiB). */
export const MAX_VENDORS = 64;

/** Who added a vendor. Managed vendors come from IT policy. */
export const SOURCE = Object.freeze({ USER: "user", MANAGED: "managed" });

/** A vendor's freshness, as shown to the user. */
export const STATUS = Object.freeze({
  CURRENT: "current",
  STALE: "stale",
  EXPIRED: "expired",
});

/**
 * An error result in the project's `{ok: false, code, message}` shape.
 * `params` are the message's variable parts (a host name, a status) in
 * order, so that a page can show the message in the user's language
 * (`$1`, `$2` in its locale string for `code`).
 */
function refuse(code, message, params = []) {
  return { ok: false, code, message, params: params.map(String) };
}

// ---------------------------------------------------------------------------
// Text from a directory, made safe to show.

// C0/C1 controls and the characters that reorder text (bidi overrides and
// isolates, marks): a directory could use them to make one name read as
// another. Shown as U+FFFD so the tampering is visible.
// eslint-disable-next-line no-control-regex -- matching controls is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` as plain, bounded, visible characters (never HTML). */
export function plainText(text, max = 500) {
  const s = typeof text === "string" ? text : String(text ?? "");
  const clean = s.replace(UNSAFE_CHARS, "\ufffd");
  return clean.length > max ? `${clean.slice(0, max - 1)}\u2026` : clean;
}

// ---------------------------------------------------------------------------
// What the user types: a directory URL, a root key, or one vendor link.

const ROOT_KEY = /^CSPK1\.[A-Za-z0-9_-]{43}$/;

/**
 * Reads a root public key as the user pasted it (the `.pub` file's key
 * line). The engine checks that it is a valid key; this only catches the
 * mistakes a person makes.
 */
export function parseRootKey(text) {
  const line = String(text ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("#")) ?? "";
  if (line === "") return refuse("no-root-key", "Enter the vendor's root key (it starts with CSPK1.).");
  if (line.startsWith("CSSK1.")) {
    return refuse(
      "secret-key",
      "That is a secret key, which must never be shared. Enter the vendor's public root key (CSPK1.…) instead.",
    );
  }
  if (!ROOT_KEY.test(line)) {
    return refuse("bad-root-key", "That is not a Countersign root key: it should be CSPK1. followed by 43 letters and digits.");
  }
  return { ok: true, root: line };
}

/**
 * Reads a directory address: a full https URL of the `.well-known` file, or
 * just the vendor's domain (`contoso.example`), which means that file on it.
 * Returns `{ok, url}` with the normalised URL (no fragment).
 */
export function parseDirectoryUrl(text) {
  let input = String(text ?? "").trim();
  if (input === "") return refuse("no-url", "Enter the vendor's directory address.");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(input)) input = `https://${input}`;
  let url;
  try {
    url = new URL(input);
  } catch {
    return refuse("bad-url", "That is not a web address.");
  }
  if (url.protocol !== "https:") {
    return refuse("not-https", "The directory address must start with https://.");
  }
  if (url.username !== "" || url.password !== "") {
    return refuse("userinfo", "The directory address must not contain a user name or password (text before an @).");
  }
  if (url.pathname === "/" && url.search === "") url.pathname = WELL_KNOWN_PATH;
  if (url.pathname !== WELL_KNOWN_PATH || url.search !== "") {
    return refuse(
      "not-well-known",
      `A vendor's directory is at ${WELL_KNOWN_PATH} on its own website, for example https://${url.hostname}${WELL_KNOWN_PATH}.`,
      [`https://${url.hostname}${WELL_KNOWN_PATH}`],
    );
  }
  url.hash = "";
  return { ok: true, url: url.href };
}

/**
 * A vendor link carries both halves in one line:
 *
 *   https://contoso.example/.well-known/countersign/directory.json#root=CSPK1.<43 chars>
 *
 * The key is in the fragment, which browsers never send to a server, so
 * opening the link shows the directory and leaks nothing. Also accepted:
 * a directory address alone, with the key given separately (`rootText`).
 * Returns `{ok, url, root}`.
 */
export function parseVendorInput(urlText, rootText = "") {
  const text = String(urlText ?? "").trim();
  const hashAt = text.indexOf("#");
  let root = String(rootText ?? "").trim();
  let address = text;
  if (hashAt >= 0) {
    const params = new URLSearchParams(text.slice(hashAt + 1));
    const fromLink = params.get("root");
    if (fromLink) {
      if (root !== "" && root !== fromLink) {
        return refuse("two-root-keys", "The link carries a root key that differs from the one entered. Use one of them.");
      }
      root = fromLink;
    }
    address = text.slice(0, hashAt);
  }
  const url = parseDirectoryUrl(address);
  if (!url.ok) return url;
  const key = parseRootKey(root);
  if (!key.ok) return key;
  return { ok: true, url: url.url, root: key.root };
}

/** The vendor link for a directory URL and its root key. */
export function vendorLink(url, root) {
  return `${url}#root=${root}`;
}

/** The narrowest host permission that lets the worker fetch `url`. */
export function hostPermissionFor(url) {
  const { hostname } = new URL(url);
  return `https://${hostname}/.well-known/countersign/*`;
}

// ---------------------------------------------------------------------------
// Fetching, bounded.

/**
 * Fetches a directory's bytes: https, no cookies, no cache, no redirects (a
 * redirect would change the URL the directory came from), at most
 * FETCH_LIMITS.DIRECTORY_BYTES, within FETCH_LIMITS.TIMEOUT_MS.
 * Returns `{ok, text}` or `{ok: false, code, message}`; never throws.
 */
export async function fetchDirectory(url, { fetchImpl = fetch, timeoutMs = FETCH_LIMITS.TIMEOUT_MS, maxBytes = FETCH_LIMITS.DIRECTORY_BYTES } = {}) {
  const host = safeHost(url);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    let response;
    try {
      response = await fetchImpl(url, {
        method: "GET",
        credentials: "omit",
        cache: "no-store",
        redirect: "error",
        referrerPolicy: "no-referrer",
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
    } catch (error) {
      if (timedOut) return timeoutError(host);
      return refuse("unreachable", `${host} could not be reached (or it redirected elsewhere, which is not allowed).`, [host]);
    }
    if (!response.ok) {
      return refuse("http-status", `${host} answered with an error (HTTP ${response.status}) instead of the directory.`, [host, response.status]);
    }
    const declared = Number(response.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      return tooLarge(host, maxBytes);
    }
    const bytes = await readBounded(response, maxBytes, controller);
    if (bytes === null) return tooLarge(host, maxBytes);
    let text;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return refuse("garbage", `What ${host} sent is not a Countersign directory (it is not even text).`, [host]);
    }
    return { ok: true, text };
  } catch (error) {
    if (timedOut) return timeoutError(host);
    return refuse("unreachable", `${host} could not be reached.`, [host]);
  } finally {
    clearTimeout(timer);
  }
}

/** The body's bytes, or null past `maxBytes` (the download is cancelled). */
async function readBounded(response, maxBytes, controller) {
  if (!response.body) {
    const buffer = new Uint8Array(await response.arrayBuffer());
    return buffer.length > maxBytes ? null : buffer;
  }
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      controller.abort();
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function safeHost(url) {
  try {
    return new URL(url).host;
  } catch {
    return "the server";
  }
}

function timeoutError(host) {
  return refuse("timeout", `${host} did not send the directory in time.`, [host]);
}

function tooLarge(host, maxBytes) {
  return refuse(
    "too-large",
    `What ${host} sent is larger than any real directory (the limit is ${Math.round(maxBytes / 1024)} KB); it was refused.`,
    [host, Math.round(maxBytes / 1024)],
  );
}

// ---------------------------------------------------------------------------
// Verifying what was fetched.

/** Whether `hostname` is one of the directory's official web domains. */
export function isOfficialHost(directory, hostname) {
  const host = String(hostname).toLowerCase().replace(/\.$/, "");
  return (directory.domains ?? []).some(
    (d) => host === d.domain || (d.include_subdomains && host.endsWith(`.${d.domain}`)),
  );
}

/** Whether `url` is one the directory says it is published at, on an official domain. */
export function isDeclaredLocation(directory, url) {
  let fetched;
  try {
    fetched = new URL(url);
  } catch {
    return false;
  }
  const declared = (directory.published_at ?? []).some((p) => {
    try {
      return new URL(p).href === fetched.href;
    } catch {
      return false;
    }
  });
  return declared && fetched.protocol === "https:" && fetched.username === "" && isOfficialHost(directory, fetched.hostname);
}

// The engine's codes for a refused directory, in plain words. The engine's
// own message (with its details) is kept for the "details" line.
const PLAIN_REFUSALS = {
  "not-signed-by-root": "It is not signed by the root key you gave for this vendor.",
  "bad-signature": "Its signature does not match: it was altered after the vendor signed it.",
  "bad-rotation": "It claims a change of the vendor's root key that is not signed by the key you trust.",
  expired: "It has expired: the vendor has not published a current one.",
  "not-yet-valid": "It is dated in the future: check this computer's clock.",
  rollback: "It is older than the directory already trusted for this vendor; an old copy could still trust keys the vendor has since revoked, so it was refused.",
  equivocation: "It differs from the directory already trusted for this vendor although both carry the same version number; the vendor's root signed two different versions, so it was refused.",
  "too-large": "It is larger than any real directory.",
  "malformed-directory": "It is not a Countersign directory.",
  "unsupported-format": "It is in a format this version of Countersign does not read.",
  "invalid-directory": "It breaks the rules every directory must follow.",
  "wrong-prefix": "The root key is not a public key.",
  "bad-encoding": "The root key is damaged.",
  "weak-or-invalid-key": "The root key is not a valid key.",
};

/** The engine's opener: `Countersign.openDirectory`, or the free function. */
function openDirectoryFn(pkg) {
  return pkg.Countersign?.openDirectory ?? pkg.openDirectory;
}

/**
 * Verifies fetched text as `url`'s directory under `root`, refusing a
 * rollback or equivocation against `state` (`{sequence, digest}` or
 * undefined), then checks where it came from.
 *
 * Returns `{ok: true, envelope, directory, state, root, rootKeyId}` (`root`
 * is the key to pin from now on) or `{ok: false, code, message, detail}`.
 */
export function verifyFetched(pkg, { text, url, root, state, now }) {
  const opened = openDirectoryFn(pkg)(text, root, now, state ?? undefined);
  if (!opened?.ok) {
    const code = String(opened?.code ?? "malformed-directory");
    return {
      ok: false,
      code,
      message: `The directory from ${safeHost(url)} was refused. ${PLAIN_REFUSALS[code] ?? "It could not be verified."}`,
      params: [safeHost(url)],
      detail: plainText(opened?.message ?? "", 300),
    };
  }
  const handle = opened.countersign;
  try {
    const view = handle.directory();
    if (!view?.ok) return refuse("internal", "The directory could not be read after it verified.");
    if (!isDeclaredLocation(view.directory, url)) {
      const declared = (view.directory.published_at ?? []).map((p) => plainText(p, 200)).join(", ");
      return refuse(
        "undeclared-location",
        `The directory at ${safeHost(url)} is signed, but it does not say it is published there; ` +
          `only the vendor's own addresses are trusted (${declared}).`,
        [safeHost(url), declared],
      );
    }
    return {
      ok: true,
      envelope: text,
      directory: view.directory,
      state: view.state,
      root: view.root,
      rootKeyId: view.rootKeyId,
    };
  } finally {
    handle.free?.();
  }
}

// ---------------------------------------------------------------------------
// Records: what is stored per vendor, and how it changes.

/**
 * A new stored record for a directory just verified at `url`.
 *
 *   url           the directory URL (the record's key)
 *   source        SOURCE.USER or SOURCE.MANAGED
 *   root          the pinned root key (moves forward on rotation)
 *   envelope      the signed directory text last accepted
 *   state         {sequence, digest} of it: rollback/equivocation guard
 *   name, vendorId, expiresAt  copied from it, for lists
 *   addedAt, lastSuccessAt, lastAttemptAt, nextAttemptAt, failures, lastError
 */
export function newRecord(verified, { url, source, now }) {
  return {
    url,
    source,
    root: verified.root,
    envelope: verified.envelope,
    state: verified.state,
    name: plainText(verified.directory.vendor?.name ?? "", 120),
    vendorId: plainText(verified.directory.vendor?.id ?? "", 64),
    expiresAt: verified.directory.expires_at,
    addedAt: now,
    lastAttemptAt: now,
    lastSuccessAt: now,
    nextAttemptAt: now + REFRESH.EVERY_S,
    failures: 0,
    lastError: null,
  };
}

/** The record after a refresh attempt that got `result` (from verifyFetched or fetchDirectory). */
export function afterRefresh(record, result, now) {
  if (result.ok) {
    return {
      ...record,
      root: result.root,
      envelope: result.envelope,
      state: result.state,
      name: plainText(result.directory.vendor?.name ?? record.name, 120),
      vendorId: plainText(result.directory.vendor?.id ?? record.vendorId, 64),
      expiresAt: result.directory.expires_at,
      lastAttemptAt: now,
      lastSuccessAt: now,
      nextAttemptAt: now + REFRESH.EVERY_S,
      failures: 0,
      lastError: null,
    };
  }
  const failures = (record.failures ?? 0) + 1;
  const wait = Math.min(REFRESH.RETRY_MIN_S * 2 ** Math.min(failures - 1, 16), REFRESH.RETRY_MAX_S);
  return {
    ...record,
    lastAttemptAt: now,
    nextAttemptAt: now + wait,
    failures,
    lastError: {
      code: String(result.code),
      message: plainText(result.message, 400),
      params: (result.params ?? []).map((p) => plainText(p, 400)),
      detail: plainText(result.detail ?? "", 300),
      at: now,
    },
  };
}

/** Whether the record is due for a refresh at `now`. */
export function isDue(record, now) {
  return !(record.nextAttemptAt > now);
}

/**
 * How much the record can be relied on at `now`, in plain words:
 * `{status, message, params}` (`params`: the message's variable parts). Expired beats stale: an expired directory vouches
 * for nothing, however recently it was fetched.
 */
export function recordStatus(record, now) {
  const name = record.name || safeHost(record.url);
  if (!(now < record.expiresAt)) {
    return {
      status: STATUS.EXPIRED,
      message:
        `${name}'s directory expired on ${dateText(record.expiresAt)} and no current one could be fetched. ` +
        `Countersign can no longer vouch for ${name}'s notices, numbers or websites until it gets a current directory.`,
      params: [name, dateText(record.expiresAt)],
    };
  }
  if (record.lastError && now - record.lastSuccessAt >= REFRESH.STALE_AFTER_S) {
    return {
      status: STATUS.STALE,
      message:
        `${name}'s directory could not be updated since ${dateText(record.lastSuccessAt)}. ` +
        `Countersign still uses the copy it has (valid until ${dateText(record.expiresAt)}), ` +
        `but a key ${name} revoked since then would not be known yet.`,
      params: [name, dateText(record.lastSuccessAt), dateText(record.expiresAt)],
    };
  }
  return {
    status: STATUS.CURRENT,
    message: `Up to date (checked ${dateText(record.lastSuccessAt)}; version ${record.state?.sequence}).`,
    params: [dateText(record.lastSuccessAt), String(record.state?.sequence)],
  };
}

function dateText(seconds) {
  if (!Number.isFinite(seconds)) return "an unknown date";
  return new Date(seconds * 1000).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
}

// ---------------------------------------------------------------------------
// The vendor's card: what the user sees before trusting a vendor, and in
// the list afterwards. Plain strings only; the page renders them with
// textContent.

const CHANNEL_WORDS = { email: "emails", "scheduled-call": "scheduled calls", callback: "callback requests" };

/**
 * A plain summary of a verified directory body. `formatPhone` groups an
 * E.164 number's digits for reading (the engine's `formatPhone`).
 */
export function vendorCard(directory, { url, rootKeyId, formatPhone = (n) => n }) {
  const revoked = new Set((directory.revoked ?? []).map((r) => r.id));
  const date = (s) => dateText(s);
  const name = plainText(directory.vendor?.name ?? "", 120);
  return {
    name,
    vendorId: plainText(directory.vendor?.id ?? "", 64),
    url: plainText(url, 300),
    rootKeyId: plainText(rootKeyId ?? "", 32),
    sequence: directory.sequence,
    expires: date(directory.expires_at),
    verifyUrl: plainText(directory.verify_url ?? "", 300),
    domains: (directory.domains ?? []).slice(0, 100).map((d) => plainText(domainLine(d, name), 600)),
    emails: [
      ...(directory.emails ?? []).slice(0, 100).map((e) => plainText(`${e.address} (${e.label})`, 300)),
      ...(directory.email_domains ?? []).slice(0, 100).map((d) => plainText(`any address @${d}`, 300)),
    ],
    phones: (directory.phones ?? []).slice(0, 100).map((p) => plainText(`${formatPhone(p.number)} (${p.label})`, 300)),
    policies: (directory.policies ?? []).slice(0, 50).map((p) => plainText(p.text, 600)),
    keys: (directory.keys ?? []).slice(0, 200).map((k) =>
      plainText(
        `${k.name}${k.team ? `, ${k.team}` : ""}: signs ${(k.channels ?? []).map((c) => CHANNEL_WORDS[c] ?? c).join(", ")}; ` +
          (revoked.has(k.id) ? "revoked" : `valid until ${date(k.not_after)}`) + ` (key ${k.id})`,
        400,
      )),
    revoked: (directory.revoked ?? []).slice(0, 200).map((r) =>
      plainText(`key ${r.id}, revoked ${date(r.revoked_at)}${r.reason ? `: ${r.reason}` : ""}`, 400)),
  };
}

/**
 * One official domain in plain words. A domain marked `public_mailboxes`
 * (a mail service such as outlook.com) hands out addresses to anyone, so
 * the card says so beside it: an address there is not the vendor speaking
 * unless the card lists it under the email addresses.
 */
function domainLine(d, vendorName) {
  const where = d.include_subdomains ? `${d.domain} and its subdomains` : d.domain;
  if (d.public_mailboxes !== true) return where;
  return `${where}: anyone can get an email address here; only the addresses listed below are ${vendorName}'s`;
}

// ---------------------------------------------------------------------------
// The engine: the built-in demo vendor plus every stored vendor.

/**
 * Opens the detection and verification engine over the demo vendor and
 * every stored vendor whose directory still verifies.
 *
 * With the multi-vendor entry (`Countersign.openVendors`), every vendor is
 * judged at once and a vendor whose directory fails (expired, say) is left
 * out without stopping the others. A wasm build without it opens the demo
 * vendor alone, as before.
 *
 * Returns the engine's `{ok, countersign, vendors}` result.
 */
export function openEngine(pkg, records, now) {
  const openVendors = pkg.Countersign?.openVendors;
  if (typeof openVendors !== "function") {
    const openDemo = pkg.Countersign?.openDemo ?? pkg.openDemo;
    return openDemo(now);
  }
  const entries = [
    { envelope: pkg.demoDirectoryJson(), root: pkg.demoRootKey(), accepted: undefined },
    ...records.map((r) => ({ envelope: r.envelope, root: r.root, accepted: r.state })),
  ];
  return openVendors(entries, now);
}

/**
 * Whether a candidate directory can join the vendors already trusted: the
 * engine refuses one whose brand terms, domains, addresses or numbers
 * collide with another vendor's. Returns `{ok}` or the refusal. Without the
 * multi-vendor entry there is nothing to collide with.
 */
export function checkJoins(pkg, records, candidate, now) {
  const openVendors = pkg.Countersign?.openVendors;
  if (typeof openVendors !== "function") return { ok: true };
  const others = records.filter((r) => r.url !== candidate.url);
  const opened = openEngine(pkg, [...others, candidate], now);
  try {
    const result = opened?.vendors?.[opened.vendors.length - 1];
    if (!result || result.ok) return { ok: true };
    const name = plainText(candidate.name || "This vendor", 120);
    const why = plainText(result.message ?? "it conflicts with a vendor already trusted", 400);
    return {
      ok: false,
      code: String(result.code ?? "vendor-collision"),
      message: `${name} cannot be trusted alongside the vendors already in the list: ${why}`,
      params: [name, why],
    };
  } finally {
    opened?.countersign?.free?.();
  }
}

// ---------------------------------------------------------------------------
// Storage (chrome.storage.local "vendors": {url: record}).

export const VENDORS_KEY = "vendors";

/** Every stored record, in the order added. */
export async function loadRecords() {
  const stored = (await chrome.storage.local.get(VENDORS_KEY))[VENDORS_KEY];
  if (!stored || typeof stored !== "object") return [];
  return Object.values(stored)
    .filter((r) => r && typeof r.url === "string" && typeof r.envelope === "string" && typeof r.root === "string")
    .sort((a, b) => (a.addedAt ?? 0) - (b.addedAt ?? 0));
}

let writes = Promise.resolve();

/**
 * Changes the stored records with `change(records) -> records`, one change
 * at a time (a refresh and a removal must not overwrite each other).
 * Resolves to what `change` returned; when that is the list it was given,
 * nothing is written.
 */
export function updateRecords(change) {
  const job = writes.then(async () => {
    const records = await loadRecords();
    const next = await change(records);
    // The same list back: nothing changed, nothing to write.
    if (next !== records) await chrome.storage.local.set({ [VENDORS_KEY]: Object.fromEntries(next.map((r) => [r.url, r])) });
    return next;
  });
  writes = job.catch(() => {});
  return job;
}
