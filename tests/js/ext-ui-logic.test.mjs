// The popup's logic without a browser: "Check anything" against the real
// wasm engine, the announced-calls store, the report email, and the
// locales (every key a page or script uses exists in English and German,
// with the same placeholders).
//
//   node --test tests/js/ext-ui-logic.test.mjs
//
// The engine tests need dist/pkg (bash scripts/build.sh) and are skipped,
// saying why, without it.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { ROOT, demoStaffSecret, loadMailReader, loadPackage, loadSigner, nowSeconds } from "./helpers/wasm.mjs";

const EXT = path.join(ROOT, "extension");
const load = (file) => import(pathToFileURL(path.join(EXT, file)).href);

const noPkg = existsSync(path.join(ROOT, "dist/pkg/countersign.js")) ? false : "dist/pkg is not built (run bash scripts/build.sh)";

describe("Check anything (check.js) against the engine", { skip: noPkg }, () => {
  let pkg;
  let cs;
  let check;
  let call;
  let free;
  const now = nowSeconds();

  before(async () => {
    pkg = await loadPackage();
    // The worker's free functions: the engine's, and the mail package's reader.
    free = { findNotices: pkg.findNotices, formatPhone: pkg.formatPhone, readRawEmail: (await loadMailReader()).readRawEmail };
    const opened = pkg.Countersign.openDemo(now);
    assert.ok(opened.ok, opened.message);
    cs = opened.countersign;
    check = (await load("check.js")).checkText;
    const signer = (await loadSigner()).Countersign.openDemo(now).countersign;
    call = signer.signNotice(
      demoStaffSecret(),
      { channel: "scheduled-call", agent: "Dana Whitfield", contact: "+1 202 555 0143", ticket: "NW-48213", windowStart: now - 60, windowEnd: now + 3600 },
      now,
    );
    assert.ok(call.ok, call.message);
  });

  const run = (text, recipients = []) => check(cs, free, text, { now, recipients });

  test("the official number is the vendor's line, never 'not valid'", () => {
    for (const text of ["+1 202 555 0143", "+12025550143", "(202) 555-0143", "tel:+12025550143"]) {
      const answer = run(text);
      assert.equal(answer.ok, true, text);
      assert.equal(answer.kind, "phone", text);
      assert.equal(answer.verdict, "official", text);
      assert.deepEqual(answer.contact, { kind: "phone", text: "+1 202 555 0143", official: true, label: "US support" }, text);
      assert.equal(answer.notice, null, `${text}: not read as a notice`);
      assert.doesNotMatch(JSON.stringify(answer), /not valid|bad-token|malformed/i, text);
    }
  });

  test("an unknown number: not the vendor's, in one format", () => {
    const answer = run("+1 888 555 0199");
    assert.equal(answer.kind, "phone");
    assert.equal(answer.contact.official, false);
    assert.equal(answer.contact.text, "+1 888 555 0199");
    assert.notEqual(answer.verdict, "official");
  });

  test("official and look-alike addresses and links", () => {
    const official = run("support@northwind.example");
    assert.equal(official.kind, "email");
    assert.equal(official.verdict, "official");
    assert.equal(official.contact.label, "Support");

    const fake = run("support@northwind-security-help.com");
    assert.equal(fake.kind, "email");
    assert.equal(fake.contact.official, false);
    assert.ok(["suspicious", "impersonation"].includes(fake.verdict), fake.verdict);

    const site = run("https://northwind.example/help");
    assert.equal(site.kind, "link");
    assert.equal(site.verdict, "official");

    const lookalike = run("https://northwind-support.com/");
    assert.equal(lookalike.kind, "link");
    assert.ok(["suspicious", "impersonation"].includes(lookalike.verdict), lookalike.verdict);
    assert.ok(lookalike.summary.length >= 1 && lookalike.summary.length <= 3);
  });

  test("a pasted notice verifies; a tampered one does not", () => {
    const good = run(`Your call: ${call.token}`);
    assert.equal(good.kind, "notice");
    assert.equal(good.verdict, "verified");
    assert.equal(good.notice.ok, true);
    assert.equal(good.notice.notice.phrase, call.phrase);

    const bad = run(call.token.slice(0, -6) + "AAAAAA");
    assert.equal(bad.kind, "notice");
    assert.equal(bad.verdict, "invalid-notice");
    assert.equal(bad.notice.ok, false);
  });

  test("a message and a raw email go to the right engine call", () => {
    const message = run(
      "Dear customer, your Northwind Security licence expired. Call Northwind Security support now on +1 888 555 0199 to renew.",
    );
    assert.equal(message.kind, "message");
    assert.ok(["suspicious", "impersonation"].includes(message.verdict), message.verdict);
    assert.ok(message.summary.length <= 3);
    assert.ok(message.summary.every((line) => !/\([a-z-]+\)/.test(line)), "no codes in the summary");

    const raw = run(
      "From: Northwind Security <help@northwind-security-alerts.com>\r\nTo: alex@example.com\r\nSubject: Your licence\r\n\r\nCall Northwind Security support on +1 888 555 0199.\r\n",
    );
    assert.equal(raw.kind, "raw-email");
    assert.ok(["suspicious", "impersonation"].includes(raw.verdict), raw.verdict);

    // A body in quoted-printable, the number split by a soft line break:
    // only a decoded body shows it.
    const encoded = run(
      "From: Northwind Security <help@northwind-security-alerts.com>\r\nTo: alex@example.com\r\nSubject: Your licence\r\n" +
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
        "Call Northwind Security support on +1 888 555 01=\r\n99 today.\r\n",
    );
    assert.equal(encoded.kind, "raw-email");
    assert.ok(["suspicious", "impersonation"].includes(encoded.verdict), encoded.verdict);
    assert.match(JSON.stringify(encoded.reasons), /888 555 0199/, "the decoded number is judged");

    // Without the mail package's reader a raw email is refused, not judged as text.
    const unread = check(cs, { ...free, readRawEmail: undefined }, "From: a@b.example\nSubject: hi\n\nbody", { now });
    assert.equal(unread.ok, false);
    assert.equal(unread.code, "no-mail-reader");
  });

  test("empty input is refused with a reason, not judged", () => {
    assert.deepEqual(run("   "), { ok: false, code: "empty", message: "nothing to check" });
  });
});

describe("summaries", () => {
  test("one line per fact, at most three, most decisive first", async () => {
    const { summaryOf } = await load("check.js");
    const reasons = [
      { code: "lookalike-domain", message: "northwind-support.com imitates northwind.example" },
      { code: "lookalike-domain", message: "northwind-support.com looks like northwind.example" },
      { code: "unofficial-phone", message: "+1 888 555 0199 is not a Northwind Security number" },
      { code: "unofficial-phone-2", message: "+1 888 555 0199 is not a Northwind Security number" },
      { code: "support-claim", message: "the page claims to be Northwind Security support" },
      { code: "urgency", message: "it pressures the reader" },
      { code: "no-claim", message: "nothing" },
    ];
    assert.deepEqual(summaryOf(reasons), [
      "Northwind-support.com imitates northwind.example.",
      "+1 888 555 0199 is not a Northwind Security number.",
      "The page claims to be Northwind Security support.",
    ]);
    assert.deepEqual(summaryOf([{ code: "no-claim", message: "Nothing here" }]), []);
  });

  test("raw email detection", async () => {
    const { looksLikeRawEmail } = await load("check.js");
    assert.equal(looksLikeRawEmail("From: a@b.example\nSubject: hi\n\nbody"), true);
    assert.equal(looksLikeRawEmail("From: me\nthanks for calling"), false);
    assert.equal(looksLikeRawEmail("+1 202 555 0143"), false);
  });
});

describe("announced calls (calls.js)", () => {
  const notice = (over = {}) => ({
    vendorName: "Northwind Security",
    channel: "scheduled-call",
    agent: "Dana Whitfield",
    contact: "+12025550143",
    contactDisplay: "+1 202 555 0143",
    phrase: "amber quartz lagoon",
    notBefore: 1000,
    expiresAt: 2000,
    ticket: "NW-1",
    ...over,
  });

  test("only verified scheduled calls are recorded; copied, invalid and emails are not", async () => {
    const { callsFromReport } = await load("calls.js");
    const report = {
      notices: [
        { state: "verified", notice: notice() },
        { state: "copied", notice: notice({ phrase: "copied words here" }) },
        { state: "invalid", message: "bad" },
        { state: "verified", notice: notice({ channel: "email", phrase: undefined }) },
      ],
    };
    const calls = callsFromReport(report);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0], {
      vendor: "Northwind Security",
      agent: "Dana Whitfield",
      contact: "+1 202 555 0143",
      phrase: "amber quartz lagoon",
      notBefore: 1000,
      expiresAt: 2000,
      ticket: "NW-1",
    });
    // A scan report: claims in snake_case, the vendor named once for the report.
    const scanReport = {
      vendor: "Northwind Security",
      notices: [{
        state: "verified",
        notice: { channel: "scheduled-call", agent: "Dana Whitfield", contact: "+12025550143", contact_label: "US support", phrase: "amber quartz lagoon", not_before: 1000, expires_at: 2000, ticket: "NW-1" },
      }],
    };
    assert.deepEqual(callsFromReport(scanReport), [{
      vendor: "Northwind Security", agent: "Dana Whitfield", contact: "+12025550143", phrase: "amber quartz lagoon", notBefore: 1000, expiresAt: 2000, ticket: "NW-1",
    }]);
    // The older record shape: {ok, notice}.
    assert.equal(callsFromReport({ notices: [{ ok: true, notice: notice() }, { ok: false }] }).length, 1);
    assert.deepEqual(callsFromReport(null), []);
  });

  test("merged without duplicates, old ones dropped, bounded; due, upcoming and past", async () => {
    const { callsAt, callsFromReport, mergeCalls, MAX_CALLS, KEEP_AFTER_SECONDS } = await load("calls.js");
    const [call] = callsFromReport({ notices: [{ state: "verified", notice: notice() }] });
    let stored = mergeCalls([], [call], 1500);
    stored = mergeCalls(stored, [call], 1500);
    assert.equal(stored.length, 1);
    assert.deepEqual(mergeCalls(stored, [], 2000 + KEEP_AFTER_SECONDS + 1), []);
    const many = Array.from({ length: MAX_CALLS + 5 }, (_, i) => ({ ...call, notBefore: 1000 + i, phrase: `p${i}` }));
    assert.equal(mergeCalls([], many, 1500).length, MAX_CALLS);

    assert.deepEqual(callsAt([call], 1500), { due: [call], upcoming: [], past: [] });
    assert.deepEqual(callsAt([call], 999), { due: [], upcoming: [call], past: [] });
    assert.deepEqual(callsAt([call], 2001), { due: [], upcoming: [], past: [call] });
  });
});

describe("report email (report-mail.js)", () => {
  const t = (key, ...subs) => `${key}${subs.length ? `(${subs.join("|")})` : ""}`;

  test("goes to the directory's address, carries the page and the evidence, nothing else", async () => {
    const { reportMailto, reportAddress } = await load("report-mail.js");
    const official = {
      name: "Northwind Security",
      emails: [
        { address: "billing@northwind.example", label: "Billing" },
        { address: "support@northwind.example", label: "Support" },
      ],
    };
    assert.equal(reportAddress(official.emails), "support@northwind.example");
    assert.equal(reportAddress([...official.emails, { address: "abuse@northwind.example", label: "Abuse reports" }]), "abuse@northwind.example");
    const href = reportMailto(
      official,
      {
        url: "http://northwind-support.com/help\u202e",
        headline: "Warning: this page impersonates Northwind Security",
        summary: ["Northwind-support.com imitates northwind.example."],
        contacts: ["+1 888 555 0199"],
      },
      t,
    );
    const url = new URL(href);
    assert.equal(url.protocol, "mailto:");
    assert.equal(url.pathname, "support@northwind.example");
    const body = url.searchParams.get("body");
    assert.match(body, /http:\/\/northwind-support\.com\/help/);
    assert.doesNotMatch(body, /\u202e/, "control characters are removed");
    assert.match(body, /imitates northwind\.example/);
    assert.match(body, /\+1 888 555 0199/);
    assert.equal(url.searchParams.get("subject"), "reportMailSubject(Northwind Security)");
    assert.equal(reportMailto({ name: "X", emails: [] }, { url: "" }, t), null);
    // A warning about something pasted into Check anything: what was checked, on one line.
    const pasted = new URL(reportMailto({ name: "Northwind Security", emails: [{ address: "support@northwind.example", label: "Support" }] },
      { url: "", checked: "Call +1 888 555 0199\u202e\nnow", headline: "h", summary: [] }, t));
    const pastedBody = pasted.searchParams.get("body");
    assert.match(pastedBody, /reportMailChecked Call \+1 888 555 0199 now/);
    assert.doesNotMatch(pastedBody, /reportMailPage/, "no page line without a page");
  });
});

describe("locales", () => {
  const messages = (lang) => JSON.parse(readFileSync(path.join(EXT, "_locales", lang, "messages.json"), "utf8"));

  /** Every message key the extension's pages and scripts use. */
  function usedKeys() {
    const keys = new Set();
    for (const file of readdirSync(EXT, { recursive: true })) {
      if (!/\.(html|js)$/.test(file) || file.startsWith("pkg")) continue;
      const text = readFileSync(path.join(EXT, file), "utf8");
      if (file.endsWith(".html")) {
        for (const m of text.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z0-9_]+)"/g)) keys.add(m[1]);
      } else if (file.endsWith(".js")) {
        for (const m of text.matchAll(/\b(?:t|getMessage)\(\s*"([A-Za-z0-9_]+)"/g)) keys.add(m[1]);
        // Keys picked from tables (`t(KEYS[x])`) are written as quoted camelCase names.
        const table = /"((?:verdict|notice)[A-Za-z]+(?:Title|Summary|Note)|channel(?:Email|Call|Callback)|contact(?:SentFrom|WillCall|CallBack|Official)|color[A-Z][a-z]+|answer[A-Z][A-Za-z]+|row[A-Z][A-Za-z]+|notChecked[A-Za-z]+|notWebPage[A-Za-z]+|fact[A-Z][A-Za-z]+|noticeReason[A-Z][A-Za-z]+|markNote[A-Za-z]+)"/g;
        for (const m of text.matchAll(table)) keys.add(m[1]);
      }
    }
    const manifest = readFileSync(path.join(ROOT, "manifest.json"), "utf8");
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) keys.add(m[1]);
    return keys;
  }

  test("English and German have every key used, with the same placeholders", () => {
    const en = messages("en");
    const de = messages("de");
    assert.equal(en.langCode.message, "en");
    assert.equal(de.langCode.message, "de");
    const used = usedKeys();
    assert.ok(used.size > 50, `found ${used.size} keys`);
    for (const key of used) {
      assert.ok(Object.hasOwn(en, key), `en lacks ${key}`);
      assert.ok(Object.hasOwn(de, key), `de lacks ${key}`);
    }
    assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort(), "the same keys in both languages");
    for (const key of Object.keys(en)) {
      // Named placeholders ($NAME$, defined under "placeholders") and bare $1…$9.
      const holes = (m) => [...new Set([...m.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((x) => x[1].toLowerCase()))].sort();
      const bare = (m) => [...new Set([...m.message.replace(/\$[A-Za-z0-9_]+\$/g, "").matchAll(/\$(\d)/g)].map((x) => x[1]))].sort();
      assert.deepEqual(bare(de[key]), bare(en[key]), `${key}: same $n substitutions`);
      assert.deepEqual(holes(de[key]), holes(en[key]), `${key}: same placeholders`);
      for (const lang of [en, de]) {
        for (const name of holes(lang[key])) {
          assert.ok(lang[key].placeholders?.[name], `${key}: placeholder ${name} is defined`);
        }
      }
    }
  });

  test("the pages' fixed text is all localised (no bare text in the HTML)", () => {
    for (const file of ["popup.html", "welcome.html", "options.html"]) {
      const html = readFileSync(path.join(EXT, file), "utf8");
      const body = html.slice(html.indexOf("<body"));
      const bare = [...body.matchAll(/>([^<>]*[A-Za-z][^<>]*)</g)].map((m) => m[1].trim()).filter(Boolean);
      assert.deepEqual(bare, [], `${file} has text outside data-i18n`);
    }
  });
});

describe("facts in the user's language (facts.js)", () => {
  let facts;
  const catalogue = (lang) => JSON.parse(readFileSync(path.join(EXT, "_locales", lang, "messages.json"), "utf8"));
  /** chrome.i18n.getMessage over one locale file: "" for a missing key. */
  const getMessageIn = (lang) => {
    const messages = catalogue(lang);
    return (key, subs = []) => {
      const entry = messages[key];
      if (!entry) return "";
      const list = Array.isArray(subs) ? subs : [subs];
      return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name) => {
        const content = entry.placeholders?.[name.toLowerCase()]?.content ?? "";
        return content.replace(/\$(\d)/g, (_, n) => list[Number(n) - 1] ?? "");
      });
    };
  };
  const de = getMessageIn("de");
  const en = getMessageIn("en");
  const phone = {
    code: "unofficial-phone",
    args: ["Northwind Security", "+1 888 555 0199", "+1 202 555 0143"],
    message: "+1 888 555 0199 is not a Northwind Security number; official: +1 202 555 0143.",
  };

  before(async () => {
    facts = await load("facts.js");
  });

  test("a known code is said from the catalogue, with its values", () => {
    assert.equal(facts.factText(phone, de), "+1 888 555 0199 ist keine Nummer von Northwind Security. Offizielle Nummern von Northwind Security: +1 202 555 0143.");
    assert.equal(facts.factText(phone, en), "+1 888 555 0199 is not a Northwind Security number. Northwind Security's official numbers: +1 202 555 0143.");
    const email = { code: "lookalike-email", args: ["Northwind Security", "help@northwind-help.com", "support@northwind.example or billing@northwind.example"], message: "x" };
    assert.equal(facts.factText(email, de), "help@northwind-help.com sieht nur aus wie eine Adresse von Northwind Security. Northwind Security schreibt von support@northwind.example oder billing@northwind.example.");
  });

  test("an unknown code falls back to the engine's sentence, made plain", () => {
    assert.equal(facts.factText({ code: "new-in-a-later-engine", args: ["N"], message: "Something new\u202e happened" }, de), "Something new\ufffd happened.");
    assert.equal(facts.factText("An older record's sentence", de), "An older record's sentence.");
  });

  test("values are made plain before they reach a message", () => {
    const hostile = { ...phone, args: ["Northwind Security", "+1 888\u202e 555 0199\u0007", "<b>+1 202 555 0143</b>"] };
    const said = facts.factText(hostile, de);
    assert.ok(!said.includes("\u202e") && !said.includes("\u0007"), said);
    assert.ok(said.includes("+1 888\ufffd 555 0199\ufffd"), said);
    // Markup stays text: the pages set it with textContent.
    assert.ok(said.includes("<b>+1 202 555 0143</b>"), said);
    assert.ok(facts.plainArg("x".repeat(1000)).length <= 300);
  });

  test("without the values it quotes: the short sentence, or in English the engine's own", () => {
    const bare = { code: "unofficial-phone", args: ["Northwind Security"], message: "+1 888 555 0199 is not a Northwind Security number" };
    assert.equal(facts.factText(bare, de), "Hier steht eine Telefonnummer, die nicht von Northwind Security ist.");
    assert.equal(facts.factText(bare, en), "+1 888 555 0199 is not a Northwind Security number.");
  });

  test("every code in the catalogue has both languages, quoting no value it may lack", () => {
    for (const [code, [key, needs, short]] of Object.entries(facts.FACTS)) {
      for (const lang of ["en", "de"]) {
        const messages = catalogue(lang);
        assert.ok(messages[key], `${lang} lacks ${key} (${code})`);
        const highest = Math.max(0, ...Object.values(messages[key].placeholders ?? {}).map((p) => Number(p.content.slice(1))));
        assert.ok(highest <= needs, `${key} quotes $${highest} but ${code} promises ${needs}`);
        if (short) assert.ok(messages[short], `${lang} lacks ${short}`);
      }
    }
    for (const key of Object.values(facts.NOTICE_REASONS)) {
      assert.ok(catalogue("en")[key] && catalogue("de")[key], key);
    }
  });

  test("the engine's facts on a scam page are all in the catalogue", { skip: noPkg }, async () => {
    const pkg = await loadPackage();
    const now = nowSeconds();
    const cs = pkg.Countersign.openDemo(now).countersign;
    const report = cs.analyseScan({
      url: "https://northwind-support.com/help", title: "Northwind Security Support", lang: "en",
      blocks: [
        { role: "heading", level: 1, text: "Northwind Security Technical Support" },
        { role: "text", text: "Your Northwind Antivirus has expired. Call the official Northwind Security helpline now: +1 (888) 555-0199. Write to help@northwind-help.com. A technician will connect with AnyDesk." },
      ],
      links: [], frames: [], notices: [], hiddenNotices: 0, truncated: false,
    }, { now });
    assert.ok(report.summary.length > 0, JSON.stringify(report));
    for (const fact of report.summary) {
      assert.ok(Object.hasOwn(facts.FACTS, fact.code), `no message for ${fact.code}`);
      const said = facts.factText(fact, de);
      assert.notEqual(said, facts.factText({ ...fact, code: "?" }, de), `${fact.code} is said in German: ${said}`);
    }
    const record = { vendor: "Northwind Security", official: report.official };
    const phoneMark = report.marks.find((m) => m.kind === "phone");
    assert.equal(
      facts.markNoteText({ kind: "phone", text: phoneMark.text, display: "+1 888 555 0199" }, record, de),
      "+1 888 555 0199 ist keine Nummer von Northwind Security. Die offiziellen: +1 202 555 0143, +44 20 7946 0321.",
    );
  });
});
