// Shared helpers for the Countersign pages.
//
// Everything that reaches the page from a notice, a key or a directory is
// inserted as text (text nodes, textContent), never as HTML: a notice is
// attacker-controlled until it is verified, and even a verified one carries
// free text typed by a staff member.

import * as verifyPackage from "./pkg/countersign.js";
import { DIRECTORY } from "./config.js";

// The wasm package the page runs: the verify-only one (pkg/), unless the
// page picks another before loading it. Only the signing console does, for
// the package that also signs (pkg-console/), so the verify pages never
// download the signing code.
let wasm = verifyPackage;
let compiled = null;
let ready = null;

/**
 * Makes the page run `pkg` (a wasm-bindgen module) instead of the
 * verify-only package. Call it before anything loads the module.
 */
export function usePackage(pkg) {
  if (ready) throw new Error("the wasm package is already loaded");
  wasm = pkg;
  compiled = null;
}

/**
 * Gives the page's package its module, already compiling
 * (verifier-start.js), so that loading it only instantiates it. Should the
 * compile fail, the package loads the ordinary way, which also copes with
 * a server that sends the wrong type.
 */
export function useCompiled(module) {
  if (ready) throw new Error("the wasm package is already loaded");
  compiled = module;
}

/** Loads the wasm module once. Resolves to the package's version string. */
export function loadWasm() {
  if (!ready) {
    const init = compiled
      ? compiled.then(
          (module) => wasm.default({ module_or_path: module }),
          () => wasm.default(),
        )
      : wasm.default();
    ready = init.then(() => {
      const shown = document.getElementById("version");
      if (shown) shown.textContent = wasm.version();
      return wasm.version();
    });
  }
  return ready;
}

/** The published directory's text, or the error that stopped it; never rejects. */
async function fetchDirectory() {
  try {
    const response = await fetch(DIRECTORY.url, { cache: "no-cache" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { json: await response.text(), error: null };
  } catch (error) {
    return { json: null, error };
  }
}

/** The browser clock in Unix seconds. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

const STATE_KEY = "countersign.accepted-directory";

/**
 * Opens the directory the pages trust (config.js): the embedded demo, or the
 * vendor's published directory checked against the pinned root key. For a
 * published one, the last accepted version is remembered in localStorage so
 * that an older copy is refused later (rollback). Resolves to
 * `{ok: true, countersign}` or `{ok: false, code, message}`.
 */
export async function openDirectory() {
  // The directory is requested while the wasm module loads, not after it:
  // neither needs the other until the directory is checked.
  const fetched = DIRECTORY ? fetchDirectory() : null;
  await loadWasm();
  if (!DIRECTORY) return wasm.Countersign.openDemo(nowSeconds());
  const { json, error } = await fetched;
  if (error) {
    return { ok: false, code: "fetch-failed", message: `the directory could not be fetched (${error.message})` };
  }
  let saved;
  try {
    saved = JSON.parse(localStorage.getItem(STATE_KEY) ?? "null") ?? undefined;
  } catch {
    saved = undefined;
  }
  const opened = wasm.Countersign.openDirectory(json, DIRECTORY.rootKey, nowSeconds(), saved);
  if (opened.ok) {
    try {
      localStorage.setItem(STATE_KEY, JSON.stringify(opened.countersign.directory().state));
    } catch {
      // Storage may be disabled; rollback protection then lasts one visit.
    }
  }
  return opened;
}

/**
 * Builds an element. `props` sets attributes (`class`, `id`, `for`, ...) and
 * boolean properties (`hidden`, `disabled`); children are nodes or strings,
 * and strings always become text nodes.
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "hidden" || name === "disabled") {
      element[name] = Boolean(value);
    } else if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the contents of `element` with `children` (as in `h`). */
export function show(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

const timeOnly = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
});

/** A Unix time as the reader's local date and time. */
export function formatTime(seconds) {
  return dateTime.format(new Date(seconds * 1000));
}

/** A validity window, shortened when it starts and ends on the same day. */
export function formatWindow(from, to) {
  const start = new Date(from * 1000);
  const end = new Date(to * 1000);
  if (start.toDateString() === end.toDateString()) {
    return `${dateTime.format(start)} – ${timeOnly.format(end)}`;
  }
  return `${dateTime.format(start)} – ${dateTime.format(end)}`;
}

/** How long until (or since) a time, in words: "in 3 days", "2 hours ago". */
export function relativeTime(seconds, now = nowSeconds()) {
  const units = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const delta = seconds - now;
  for (const [unit, size] of units) {
    if (Math.abs(delta) >= size) return format.format(Math.round(delta / size), unit);
  }
  return format.format(Math.round(delta), "second");
}

const CHANNEL_NAMES = {
  email: "Email",
  "scheduled-call": "Scheduled phone call",
  callback: "Callback request",
};

/** A channel's name for people. */
export function channelName(channel) {
  return CHANNEL_NAMES[channel] ?? channel;
}

/**
 * A button that copies the text `getText()` returns, and says so for screen
 * readers and sighted users alike.
 */
export function copyButton(label, getText) {
  const button = h("button", { type: "button", class: "secondary" }, label);
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(getText());
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy manually";
    }
    setTimeout(() => {
      button.textContent = label;
    }, 2000);
  });
  return button;
}
