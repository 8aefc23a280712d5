// The engine's arguments as the package reads them (src/wasm/args.rs): the
// page scan, the scan options, the email parts and the vendors' entries are
// read property by property. Every field the extension sends must reach the
// engine under its name, and a wrong argument must get
// {ok: false, code: "bad-argument", message} naming what was wrong, never a
// throw and never a silent "clean".
//
//   node --test tests/js/pkg-arguments.test.mjs
//
// Needs dist/pkg and dist/pkg-mail (bash scripts/build.sh); skipped, saying
// why, without them.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { ROOT, loadMailReader, loadPackage, nowSeconds } from "./helpers/wasm.mjs";

const built =
  existsSync(path.join(ROOT, "dist/pkg/countersign_bg.wasm")) && existsSync(path.join(ROOT, "dist/pkg-mail/countersign_bg.wasm"));

/** A refusal of a wrong argument whose sentence names `names`. */
function refused(result, names) {
  assert.equal(result.ok, false, JSON.stringify(result));
  assert.equal(result.code, "bad-argument", result.message);
  assert.ok(result.message.includes(names), `"${result.message}" should name ${names}`);
}

const codes = (report) => report.report.reasons.map((r) => r.code);
const said = (report) => report.report.reasons.map((r) => r.message).join("\n");

describe("the engine's arguments", { skip: built ? false : "dist/pkg is not built (run bash scripts/build.sh)" }, () => {
  let pkg;
  let mail;
  let cs;
  let now;
  let entry;

  before(async () => {
    pkg = await loadPackage();
    mail = await loadMailReader();
    now = nowSeconds();
    entry = { envelope: pkg.demoDirectoryJson(), root: pkg.demoRootKey() };
    const opened = pkg.Countersign.openVendors([entry], now);
    assert.equal(opened.ok, true, JSON.stringify(opened));
    cs = opened.countersign;
  });

  test("every field of a scan reaches the engine under its name", () => {
    const scan = {
      url: "https://northwind-support.com/help",
      title: "Northwind Security Support",
      lang: "en",
      blocks: [
        { role: "heading", level: 1, text: "Northwind Security Technical Support" },
        { role: "text", text: "Call the official Northwind Security helpline now: +1 (888) 555-0199." },
        { role: "a-role-not-known-yet", text: "read as running text" },
      ],
      links: [{ href: "https://northwind-help.com/", text: "Get help" }],
      frames: [],
      notices: [],
      hiddenNotices: 0,
    };
    const plain = cs.analyseScan(scan, { now });
    assert.equal(plain.ok, true, JSON.stringify(plain));
    assert.ok(codes(plain).includes("lookalike-domain"), "url read");
    assert.ok(codes(plain).includes("unofficial-phone"), "blocks read");
    assert.ok(codes(plain).includes("lookalike-link"), "links read");
    assert.ok(!said(plain).includes("takes over the whole screen"));
    const flags = {
      fullscreen: "takes over the whole screen",
      keyboardLock: "locks the keyboard",
      pointerLock: "captures the mouse pointer",
      autoplayAudio: "plays an alarm sound",
      dialogLoop: "message box after message box",
      historyFlood: "blocks the Back button",
      beforeUnload: "stop you leaving the page",
    };
    for (const [flag, sentence] of Object.entries(flags)) {
      const report = cs.analyseScan({ ...scan, behaviour: { [flag]: true } }, { now });
      assert.ok(said(report).includes(sentence), `behaviour.${flag} read: ${said(report)}`);
    }
    const hidden = cs.analyseScan({ ...scan, hiddenNotices: 2 }, { now });
    assert.notDeepEqual(hidden.report, plain.report, "hiddenNotices read");
    // An inbox list is never judged; the open message is judged as an email.
    assert.notDeepEqual(cs.analyseScan({ ...scan, listView: true }, { now }).report, plain.report, "listView read");
    const message = {
      senderName: "Northwind Security",
      senderAddress: "help@northwind-help.com",
      subject: "Your licence",
      body: "Call +1 (888) 555-0199 now",
      to: ["me@example.com"],
    };
    const email = cs.analyseScan({ url: "https://mail.example/", message }, { now, recipients: ["me@example.com"] });
    assert.ok(codes(email).includes("lookalike-sender"), `message read: ${codes(email)}`);
    // Absent, undefined and null optional fields read as their defaults.
    assert.equal(cs.analyseScan({}, { now }).ok, true);
    assert.equal(cs.analyseScan({ lang: null, message: null, title: undefined }, { now }).ok, true);
  });

  test("a wrong scan is refused, naming the field", () => {
    refused(cs.analyseScan(undefined, { now }), "scan");
    refused(cs.analyseScan("a page", { now }), "scan");
    refused(cs.analyseScan([], { now }), "scan");
    refused(cs.analyseScan({ title: 3 }, { now }), "scan.title");
    refused(cs.analyseScan({ title: null }, { now }), "scan.title");
    refused(cs.analyseScan({ blocks: {} }, { now }), "scan.blocks");
    refused(cs.analyseScan({ blocks: ["text"] }, { now }), "scan.blocks");
    refused(cs.analyseScan({ blocks: [{ role: 1 }] }, { now }), "scan.blocks[].role");
    refused(cs.analyseScan({ blocks: [{ level: 256 }] }, { now }), "scan.blocks[].level");
    refused(cs.analyseScan({ blocks: [{ level: -1 }] }, { now }), "scan.blocks[].level");
    refused(cs.analyseScan({ blocks: [{ level: 1.5 }] }, { now }), "scan.blocks[].level");
    refused(cs.analyseScan({ links: [{ href: 1 }] }, { now }), "scan.links[].href");
    refused(cs.analyseScan({ frames: [{ sameOrigin: "true" }] }, { now }), "scan.frames[].sameOrigin");
    refused(cs.analyseScan({ notices: [{ text: "x", before: [null] }] }, { now }), "scan.notices[].before");
    refused(cs.analyseScan({ hiddenNotices: 2 ** 32 }, { now }), "scan.hiddenNotices");
    refused(cs.analyseScan({ listView: "yes" }, { now }), "scan.listView");
    refused(cs.analyseScan({ message: "x" }, { now }), "scan.message");
    refused(cs.analyseScan({ message: { to: [1] } }, { now }), "scan.message.to");
    refused(cs.analyseScan({ behaviour: { fullscreen: 1 } }, { now }), "scan.behaviour.fullscreen");
  });

  test("wrong scan options are refused", () => {
    refused(cs.analyseScan({}, undefined), "options");
    refused(cs.analyseScan({}, {}), "options.now");
    refused(cs.analyseScan({}, { now: "soon" }), "options.now");
    refused(cs.analyseScan({}, { now: 1e300 }), "time");
    refused(cs.analyseScan({}, { now, recipients: "me@example.com" }), "options.recipients");
    refused(cs.analyseScan({}, { now, recipients: [1] }), "options.recipients");
  });

  test("email parts are read whole, and wrong ones refused", () => {
    const raw = new TextEncoder().encode(
      "From: Northwind Security <help@northwind-help.com>\r\nTo: me@example.com\r\nSubject: Your licence\r\n\r\nCall +1 (888) 555-0199 now",
    );
    const read = mail.readRawEmail(raw);
    assert.equal(read.ok, true, JSON.stringify(read));
    const report = cs.analyseEmailParts(read.parts, now);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.ok(report.reasons.some((r) => r.message.includes("help@northwind-help.com")), "fromAddress read");
    assert.ok(report.reasons.some((r) => r.code === "unofficial-phone"), "text read");
    assert.equal(cs.analyseEmailParts({ ...read.parts, calendar: null }, now).ok, true);
    refused(cs.analyseEmailParts(null, now), "parts");
    refused(cs.analyseEmailParts({ fromName: "x" }, now), "parts.fromAddress");
    refused(cs.analyseEmailParts({ ...read.parts, subject: null }, now), "parts.subject");
    refused(cs.analyseEmailParts({ ...read.parts, text: "body" }, now), "parts.text");
    refused(cs.analyseEmailParts({ ...read.parts, authResults: [2] }, now), "parts.authResults");
    refused(cs.analyseEmailParts({ ...read.parts, calendar: 1 }, now), "parts.calendar");
  });

  test("vendors' entries are read whole, and wrong ones refused", () => {
    const opened = pkg.Countersign.openVendors([entry, { ...entry, accepted: null }], now);
    assert.equal(opened.ok, true);
    assert.equal(opened.vendors[0].ok, true);
    // The second is the same vendor again: refused as a duplicate, not as an argument.
    assert.equal(opened.vendors[1].code, "duplicate-vendor", JSON.stringify(opened.vendors[1]));
    const accepted = pkg.Countersign.openVendors([{ ...entry, accepted: opened.vendors[0].state }], now);
    assert.equal(accepted.ok, true, JSON.stringify(accepted));
    // A later sequence than the directory's own: the accepted state was read.
    const ahead = { ...opened.vendors[0].state, sequence: opened.vendors[0].state.sequence + 1 };
    assert.equal(pkg.Countersign.openVendors([{ ...entry, accepted: ahead }], now).ok, false);
    refused(pkg.Countersign.openVendors({}, now), "entries");
    refused(pkg.Countersign.openVendors(null, now), "entries");
    refused(pkg.Countersign.openVendors([1], now), "entries");
    refused(pkg.Countersign.openVendors([{ envelope: entry.envelope }], now), "entries[].root");
    refused(pkg.Countersign.openVendors([{ root: entry.root, envelope: 7 }], now), "entries[].envelope");
    refused(pkg.Countersign.openVendors([{ ...entry, accepted: { sequence: "x" } }], now), "accepted");
    refused(pkg.Countersign.openVendors([{ ...entry, accepted: { sequence: 2 ** 53, digest: "0".repeat(64) } }], now), "accepted");
  });
});
