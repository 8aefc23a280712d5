// The demo walkthrough: which web sites the demo server plays, what each
// one is, and what Countersign says about it.
//
//   scripts/serve.mjs --demo ──► demoSites() ──► virtual hosts on *.localhost
//                           └──► tourText()  ──► the guided tour it prints
//   tests/js/www-walkthrough.test.mjs ──► STOPS: opens each page with the
//                                         extension and checks its verdict
//
// One table, STOPS, is the tour: the server prints it, and the walkthrough
// test checks that every page gives the verdict it promises, so the two
// cannot drift apart. Chromium resolves every *.localhost name to this
// machine, so each site keeps a realistic name (a look-alike domain can be
// shown as the look-alike it is) with no change to the system.
//
// The webmail's signed notices expire, so they are not files: the server
// signs them on request with the published demo staff key (DEMO ONLY) and
// the wasm package, exactly as a support agent's console would.

import { readFileSync } from "node:fs";
import path from "node:path";
import { domainToASCII, fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "../..");

/** The vendor's own site: the official demo domain in demo/northwind.toml. */
export const VENDOR_HOST = "northwind.localhost";

/** The look-alike: an o with diaeresis, shown as punycode by the browser. */
export const LOOKALIKE_HOST = domainToASCII("nörthwind.localhost");

/**
 * The tour, in order. `expect` is the extension's verdict for the page
 * (`official`, `verified`, `clean`, `suspicious`, `impersonation`). A page
 * that shows its content after it loaded (the webmail) names in `ready` the
 * start of the title it then has: only a verdict on that content counts.
 */
export const STOPS = [
  {
    id: "official",
    host: VENDOR_HOST,
    path: "/support",
    title: "Northwind Security's real support page",
    expect: "official",
    tour: "The vendor's own site. The extension marks it as official.",
  },
  {
    id: "fake-support",
    host: "northwind-support.localhost",
    path: "/",
    title: "A fake support page with a scammer's number",
    expect: "impersonation",
    tour: "Looks like Northwind's help desk, gives a number that is not Northwind's. The extension warns.",
  },
  {
    id: "lookalike",
    host: LOOKALIKE_HOST,
    path: "/support",
    title: "A look-alike domain (nörthwind, with two dots over the o)",
    expect: "impersonation",
    tour: "A copy of the support page on a name that only looks like Northwind's. The extension warns.",
  },
  {
    id: "tech-support-scam",
    host: "pc-locked-alert.localhost",
    path: "/",
    title: 'A "your computer is locked" tech-support scam',
    expect: "impersonation",
    tour: "Goes full screen with an alarm when clicked (press Esc to leave; nothing is locked). The extension warns.",
  },
  {
    id: "refund-scam",
    host: "refund-desk.localhost",
    path: "/",
    title: "A refund scam",
    expect: "impersonation",
    tour: "Claims you are owed a Northwind refund and asks you to call. The extension warns.",
  },
  {
    id: "news",
    host: "dailytech.localhost",
    path: "/northwind-scam-calls",
    title: "A news article about the scam, quoting the scammers' number",
    expect: "clean",
    tour: "Reports on the scam and quotes the scam number. It is not a scam, and the extension stays quiet.",
  },
  {
    id: "mail-notice",
    host: "mail.localhost",
    path: "/message?m=renewal",
    title: "Webmail: a signed email from Northwind",
    expect: "verified",
    ready: "Your renewal is confirmed",
    tour: "A real Northwind email with its signed notice. The extension shows it as verified.",
  },
  {
    id: "mail-call",
    host: "mail.localhost",
    path: "/message?m=call",
    title: "Webmail: a signed notice announcing a phone call",
    expect: "verified",
    ready: "Your scheduled call",
    tour: "Announces a call from Northwind within the hour; the popup shows the phrase the caller will say.",
  },
  {
    id: "mail-scam",
    host: "mail.localhost",
    path: "/message?m=scam",
    title: "Webmail: a scam email quoting a real ticket number",
    expect: "impersonation",
    ready: "Refund for ticket",
    tour: "Quotes ticket NW-48213, leaked from a real one, but comes from another address and gives another number. The extension warns.",
  },
];

/** The vendor's public pages, on its own site (no verdict of their own beyond "official"). */
export const VENDOR_PAGES = [
  { path: "/", title: "Northwind Security's home page" },
  { path: "/contact", title: "How Northwind contacts you" },
  { path: "/verify", title: "Check a notice (the directory's verify page)" },
  { path: "/directory", title: "Northwind's signed directory, readable" },
  { path: "/.well-known/countersign/directory.json", title: "The signed directory itself" },
  { path: "/console", title: "The staff signing console" },
  { path: "/deploying", title: "Deploying Countersign (for vendors)" },
];

/** The URL of a page on the demo server. */
export function pageUrl(host, pagePath, port) {
  return `http://${host}:${port}${pagePath}`;
}

/** The guided tour the demo server prints. */
export function tourText(port) {
  const lines = [
    "",
    "Guided tour. Load the extension first (dist/extension, see README.md), then open:",
    "",
  ];
  STOPS.forEach((stop, index) => {
    lines.push(`${String(index + 1).padStart(2)}. ${stop.title}`);
    lines.push(`    ${pageUrl(stop.host, stop.path, port)}`);
    lines.push(`    ${stop.tour}`);
  });
  lines.push("", "Northwind's own pages:");
  for (const page of VENDOR_PAGES) {
    lines.push(`    ${page.title.padEnd(46)} ${pageUrl(VENDOR_HOST, page.path, port)}`);
  }
  lines.push(
    "",
    "In the console, click \"Use the demo staff key\", sign a notice, open its verify link,",
    "then change one character of it and watch the verify page refuse it.",
    "",
  );
  return lines.join("\n");
}

// ---- The webmail's messages, signed on request ---------------------------

const TICKET = "NW-48213";
const FROM = "Northwind Security <support@northwind.example>";

/**
 * The three messages of the demo inbox. `sign` is the signing request for
 * the notice under the message (the body is bound in), or null for the scam.
 */
function messages(now) {
  const renewalBody =
    "Hello Alex,\n\n" +
    `Thank you for renewing Northwind Total Protection. Your ticket ${TICKET} is now closed and your ` +
    "licence runs for another year. There is nothing you need to do.\n\n" +
    "You can check that this email really comes from us: the signed notice below is verified by the " +
    "Countersign extension, or on our verify page.\n\n" +
    "Kind regards,\nNorthwind Security support";
  const callBody =
    "Hello Alex,\n\n" +
    `As you asked, Dana Whitfield from our Support Tier 2 team will call you within the next hour about ticket ${TICKET}, ` +
    "from our US support line, +1 202 555 0143.\n\n" +
    "Dana will say the countersign phrase shown with the notice below. If a caller cannot say it, hang up.\n\n" +
    "Kind regards,\nNorthwind Security support";
  const scamBody =
    "Dear customer,\n\n" +
    `Regarding your support ticket ${TICKET}: our records show you were charged $399.99 twice for ` +
    "Northwind Total Protection. You are owed a refund.\n\n" +
    "To receive it, call the Northwind Security refund department today on +1 888 555 0199. " +
    "A technician will connect to your computer with AnyDesk to process the refund. " +
    "If you do not call within 24 hours, the refund is cancelled.\n\n" +
    "Northwind Security Billing Department";
  return {
    renewal: {
      from: FROM,
      subject: `Your renewal is confirmed (${TICKET})`,
      body: renewalBody,
      sign: {
        channel: "email",
        agent: "Dana Whitfield",
        contact: "support@northwind.example",
        ticket: TICKET,
        validFor: 3 * 86400,
        body: renewalBody,
      },
    },
    call: {
      from: FROM,
      subject: `Your scheduled call about ${TICKET}`,
      body: callBody,
      sign: {
        channel: "scheduled-call",
        agent: "Dana Whitfield",
        contact: "+1 202 555 0143",
        ticket: TICKET,
        windowStart: now - 5 * 60,
        windowEnd: now + 60 * 60,
        body: callBody,
      },
    },
    scam: {
      from: "Northwind Security Billing <refunds@northwind-billing.com>",
      subject: `Refund for ticket ${TICKET}: action required`,
      body: scamBody,
      sign: null,
    },
  };
}

/** The inbox list: what each message's line shows (no notice in it). */
export const INBOX = [
  { id: "scam", from: "Northwind Security Billing", subject: `Refund for ticket ${TICKET}: action required` },
  { id: "call", from: "Northwind Security", subject: `Your scheduled call about ${TICKET}` },
  { id: "renewal", from: "Northwind Security", subject: `Your renewal is confirmed (${TICKET})` },
];

async function loadSigner(pkgDir) {
  const pkg = await import(pathToFileURL(path.join(pkgDir, "countersign.js")).href);
  pkg.initSync({ module: readFileSync(path.join(pkgDir, "countersign_bg.wasm")) });
  const secret = readFileSync(path.join(REPO, "demo/keys/staff.secret"), "utf8");
  return { pkg, secret };
}

/** Signed notices live this long before the server makes fresh ones. */
const REFRESH_SECONDS = 5 * 60;

/**
 * Makes `mail.json` on request: `{[id]: {from, to, subject, body, notice}}`,
 * with notices signed at most REFRESH_SECONDS ago.
 */
function mailMaker(signer) {
  let cached = null;
  let madeAt = 0;
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (cached && now - madeAt < REFRESH_SECONDS) return cached;
    const opened = signer.pkg.Countersign.openDemo(now);
    if (!opened.ok) throw new Error(`the demo directory does not open: ${opened.message}`);
    const out = {};
    for (const [id, message] of Object.entries(messages(now))) {
      const { sign, ...shown } = message;
      if (sign) {
        const signed = opened.countersign.signNotice(signer.secret, sign, now);
        if (!signed.ok) throw new Error(`the ${id} notice could not be signed: ${signed.message}`);
        shown.notice = signed.armor;
      }
      out[id] = shown;
    }
    opened.countersign.free();
    cached = JSON.stringify(out);
    madeAt = now;
    return cached;
  };
}

/**
 * The virtual hosts for scripts/serve.mjs. `wwwRoot` is the built site
 * (dist/www), served as the vendor's site under its demo pages.
 */
export async function demoSites({ wwwRoot = path.join(REPO, "dist/www") } = {}) {
  // The console's package (pkg-console/): the site's pkg/ only verifies.
  const signer = await loadSigner(path.join(wwwRoot, "pkg-console"));
  const folder = (name) => path.join(HERE, name);
  return {
    [VENDOR_HOST]: { roots: [folder("northwind"), wwwRoot] },
    "northwind-support.localhost": { roots: [folder("fake-support")] },
    [LOOKALIKE_HOST]: { roots: [folder("lookalike")] },
    "pc-locked-alert.localhost": { roots: [folder("tech-support-scam")] },
    "refund-desk.localhost": { roots: [folder("refund-scam")] },
    "dailytech.localhost": { roots: [folder("news")] },
    "mail.localhost": { roots: [folder("mail")], files: { "/mail.json": mailMaker(signer) } },
  };
}
