// The wasm package's JavaScript API (src/wasm.rs), in Node: the contract the
// pages and the extension rely on. Every call returns data, never throws:
// {ok: true, ...} or {ok: false, code, message}.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { ROOT, demoStaffSecret, loadMailReader, loadPackage, loadSigner, nowSeconds } from "./helpers/wasm.mjs";

const built = existsSync(path.join(ROOT, "dist/pkg/countersign_bg.wasm"));

describe("wasm JavaScript API", { skip: built ? false : "dist/pkg is not built (run scripts/build.sh)" }, () => {
  let pkg;
  let cs;
  // Signing and keys are the console's calls, in the verify-only package
  // only (cargo feature `sign`); what it signs, the extension's verifies.
  let signing;
  let signer;
  // Raw emails are read by the mail package (dist/pkg-mail).
  let mail;
  const secret = () => demoStaffSecret();

  before(async () => {
    pkg = await loadPackage();
    const opened = pkg.Countersign.openDemo(nowSeconds());
    assert.equal(opened.ok, true, opened.message);
    cs = opened.countersign;
    signing = await loadSigner();
    signer = signing.Countersign.openDemo(nowSeconds()).countersign;
    mail = await loadMailReader();
  });

  function failure(result, code) {
    assert.equal(result.ok, false);
    assert.equal(result.code, code, result.message);
    assert.equal(typeof result.message, "string");
    assert.ok(result.message.length > 10);
  }

  test("the demo directory, its state and root", () => {
    const view = cs.directory();
    assert.equal(view.ok, true);
    assert.equal(view.directory.vendor.name, "Northwind Security");
    assert.deepEqual(
      view.directory.phones.map((p) => p.number),
      ["+12025550143", "+442079460321"],
    );
    assert.equal(view.root, pkg.demoRootKey());
    assert.match(view.rootKeyId, /^[0-9a-f]{16}$/);
    assert.equal(typeof view.state.sequence, "number");
    assert.match(view.state.digest, /^[0-9a-f]{64}$/);
    assert.equal(typeof pkg.version(), "string");
  });

  test("openDirectory: pinning, rollback and equivocation, bad input", () => {
    const json = pkg.demoDirectoryJson();
    const now = nowSeconds();
    const { state } = cs.directory();
    const again = pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now, state);
    assert.equal(again.ok, true, again.message);
    again.countersign.free();
    failure(
      pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now, { ...state, sequence: state.sequence + 1 }),
      "rollback",
    );
    failure(
      pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now, { ...state, digest: "0".repeat(64) }),
      "equivocation",
    );
    const otherRoot = signing.generateKey().public;
    failure(pkg.Countersign.openDirectory(json, otherRoot, now, undefined), "not-signed-by-root");
    failure(pkg.Countersign.openDirectory(json, "CSPK1.nope", now, undefined), "bad-key-encoding");
    failure(pkg.Countersign.openDirectory("{}", pkg.demoRootKey(), now, undefined), "malformed-directory");
    failure(pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now + 10 * 365 * 86400, undefined), "expired");
    failure(pkg.Countersign.openDirectory(json, pkg.demoRootKey(), Number.NaN, undefined), "bad-argument");
    failure(pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now, { sequence: "x" }), "bad-argument");
    // The accepted state as directory() gives it, and nothing else: a whole
    // number and 64 lowercase hex digits.
    for (const bad of [
      { ...state, sequence: 1.5 },
      { ...state, sequence: -1 },
      { ...state, digest: state.digest.toUpperCase() },
      { ...state, digest: `${state.digest}0` },
      { ...state, digest: `+${state.digest.slice(1)}` },
      { sequence: state.sequence },
      "state",
    ]) {
      const refused = pkg.Countersign.openDirectory(json, pkg.demoRootKey(), now, bad);
      failure(refused, "bad-argument");
      assert.match(refused.message, /accepted directory/);
    }
  });

  test("sign and verify in every encoding, with the recipient binding", () => {
    const now = nowSeconds();
    const signed = signer.signNotice(
      secret(),
      {
        channel: "email",
        agent: "Dana Whitfield",
        contact: "Support@Northwind.example",
        ticket: "NW-48213",
        recipient: "ada@example.org",
        body: "",
      },
      now,
    );
    assert.equal(signed.ok, true, signed.message);
    assert.match(signed.token, /^CS1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.match(signed.armor, /^-----BEGIN COUNTERSIGN NOTICE-----\n/);
    assert.equal(signed.link, `https://northwind.example/verify#${signed.token}`);
    assert.equal(signed.phrase, null, "only calls carry a phrase");
    assert.equal(signed.notice.contact, "support@northwind.example");
    assert.equal(signed.notice.body, "absent", "an empty body field means no body binding");

    for (const [text, encoding] of [
      [signed.token, "token"],
      [`Hello,\n\n${signed.armor.replaceAll("\n", "\n> ")}`, "armor"],
      [`Check <${signed.link}>.`, "link"],
    ]) {
      const result = cs.verifyNotice(text, { now: now + 60, recipient: "Ada@Example.org" });
      assert.equal(result.ok, true, result.message);
      assert.equal(result.status, "valid");
      assert.equal(result.encoding, encoding);
      assert.equal(result.notice.agent, "Dana Whitfield");
      assert.equal(result.notice.signerName, "Dana Whitfield");
      assert.equal(result.notice.contactLabel, "Support");
      assert.equal(result.notice.ticket, "NW-48213");
      assert.equal(result.notice.recipient, "matched");
      assert.equal(result.notice.id, signed.id);
    }
    assert.equal(cs.verifyNotice(signed.token, { now }).notice.recipient, "not-checked");
    failure(cs.verifyNotice(signed.token, { now, recipient: "eve@example.org" }), "not-for-recipient");
    failure(cs.verifyNotice(signed.token, { now: now + 30 * 86400 }), "expired");
  });

  test("a tampered or garbled notice is refused with its reason", () => {
    const now = nowSeconds();
    const signed = signer.signNotice(
      secret(),
      { channel: "callback", agent: "Dana", contact: "+1 (202) 555-0143" },
      now,
    );
    assert.equal(signed.ok, true, signed.message);
    assert.equal(signed.notice.contactDisplay, "+1 202 555 0143");
    assert.equal(signed.phrase.split(" ").length, 3);
    const [prefix, payload, signature] = signed.token.split(".");
    const flipped = Buffer.from(signature, "base64url");
    flipped[5] ^= 1;
    const tampered = `${prefix}.${payload}.${flipped.toString("base64url")}`;
    const result = cs.verifyNotice(tampered, { now });
    failure(result, "bad-signature");
    assert.match(result.message, /altered or forged/);
    assert.equal(result.encoding, "token");
    failure(cs.verifyNotice("hello", { now }), "malformed-notice");
    failure(cs.verifyNotice(signed.token, { now: "soon" }), "bad-argument");
    failure(cs.verifyNotice(signed.token, undefined), "bad-argument");
    for (const [options, said] of [
      [{ now, recipient: 5 }, /recipient/],
      [{ now, body: {} }, /body/],
      [{ now, sender: ["a@b.example"] }, /sender/],
      [{}, /time/],
      ["now", /options/],
    ]) {
      const refused = cs.verifyNotice(signed.token, options);
      failure(refused, "bad-argument");
      assert.match(refused.message, said);
    }
    // Absent and null options are no options.
    assert.equal(cs.verifyNotice(signed.token, { now, recipient: null, body: undefined, sender: null }).ok, true);
  });

  test("a call notice before its window: refused, or upcoming when allowed", () => {
    const now = nowSeconds();
    const signed = signer.signNotice(
      secret(),
      {
        channel: "scheduled-call",
        agent: "Dana",
        contact: "+44 20 7946 0321",
        windowStart: now + 86400,
        windowEnd: now + 86400 + 1800,
      },
      now,
    );
    assert.equal(signed.ok, true, signed.message);
    // Checked the day before the call: genuine, and the call is to come.
    const upcoming = cs.verifyNotice(signed.token, { now });
    assert.equal(upcoming.ok, true, upcoming.message);
    assert.equal(upcoming.status, "upcoming");
    assert.equal(upcoming.notice.phrase, signed.phrase);
    const during = cs.verifyNotice(signed.token, { now: now + 86400 + 60 });
    assert.equal(during.status, "valid");
    failure(cs.verifyNotice(signed.token, { now: now + 3 * 86400 }), "expired");
  });

  test("signing refuses what customers would reject", () => {
    const now = nowSeconds();
    failure(signer.signNotice("CSSK1.short", { channel: "email" }, now), "bad-key-encoding");
    failure(signer.signNotice("not a key", { channel: "email" }, now), "not-a-key");
    failure(signer.signNotice(secret(), { agent: "Dana", contact: "support@northwind.example" }, now), "invalid-request");
    failure(
      signer.signNotice(secret(), { channel: "email", agent: "Dana", contact: "help@northwind-support.example" }, now),
      "unofficial-contact",
    );
    failure(
      signer.signNotice(secret(), { channel: "email", agent: "Dana", contact: "support@northwind.example", validFor: 30 * 86400 }, now),
      "lifetime-too-long",
    );
    failure(signer.signNotice(secret(), { channel: "fax", agent: "Dana" }, now), "invalid-request");
    const stranger = signing.generateKey();
    failure(
      signer.signNotice(stranger.secret, { channel: "email", agent: "Dana", contact: "support@northwind.example" }, now),
      "key-not-in-directory",
    );
  });

  test("keys: generate and inspect", () => {
    const key = signing.generateKey();
    assert.equal(key.ok, true);
    assert.match(key.secret, /^CSSK1\.[A-Za-z0-9_-]{43}$/);
    assert.match(key.public, /^CSPK1\.[A-Za-z0-9_-]{43}$/);
    assert.match(key.keyId, /^[0-9a-f]{16}$/);
    assert.notEqual(signing.generateKey().secret, key.secret);
    const stranger = signer.inspectKey(key.secret);
    assert.deepEqual(
      { ok: stranger.ok, listed: stranger.listed, keyId: stranger.keyId, public: stranger.public, name: stranger.name },
      { ok: true, listed: false, keyId: key.keyId, public: key.public, name: null },
    );
    const staff = signer.inspectKey(secret());
    assert.equal(staff.listed, true);
    assert.equal(staff.revoked, false);
    assert.equal(staff.name, "Dana Whitfield");
    assert.deepEqual(staff.channels, ["email", "scheduled-call", "callback"]);
    failure(signer.inspectKey("CSPK1.abc"), "not-a-key");
  });

  test("findNotices reports JS string offsets", () => {
    const signed = signer.signNotice(
      secret(),
      { channel: "email", agent: "Dana", contact: "support@northwind.example" },
      nowSeconds(),
    );
    const text = `Héllo 👋, see ${signed.link} and\n${signed.armor}`;
    const found = pkg.findNotices(text);
    assert.deepEqual(
      found.map((f) => f.encoding),
      ["link", "armor"],
    );
    assert.ok(text.slice(found[0].start).startsWith("https://northwind.example/verify#CS1."));
    assert.ok(text.slice(found[1].start).startsWith("-----BEGIN COUNTERSIGN NOTICE-----"));
    assert.equal(found[0].token, signed.token);
    assert.deepEqual(pkg.findNotices("nothing here"), []);
  });

  test("phones and the detection engine", () => {
    assert.equal(pkg.formatPhone("+12025550143"), "+1 202 555 0143");
    assert.ok(pkg.extractPhones("Call +1 (202) 555-0143 today").includes("+12025550143"));
    const now = nowSeconds();
    const page = cs.analysePage(
      "https://northwind-support-help.example/",
      "<title>Northwind Antivirus Support</title><p>Call Northwind Security support at +1 (888) 555-0199</p>",
      now,
    );
    assert.equal(page.ok, true);
    assert.equal(typeof page.verdict, "string");
    assert.equal(typeof page.score, "number");
    assert.ok(Array.isArray(page.reasons));
    assert.notEqual(page.verdict, "official");
    assert.equal(cs.analysePage(undefined, "<p>hello</p>", now).ok, true);
    assert.equal(cs.analyseContact("+1 202 555 0143", now).verdict, "official");
    assert.equal(cs.analyseWebmail("Northwind Security", "support@northwind.example", "Hello", now).ok, true);
    const raw = new TextEncoder().encode("From: Northwind <x@y.example>\r\nSubject: hi\r\n\r\nbody");
    const read = mail.readRawEmail(raw);
    assert.equal(read.ok, true);
    assert.equal(read.parts.fromAddress, "x@y.example");
    assert.equal(cs.analyseEmailParts(read.parts, now).ok, true);
    failure(cs.analyseEmailParts({ fromName: "x" }, now), "bad-argument");
    failure(cs.analyseContact("x", Number.POSITIVE_INFINITY), "bad-argument");
  });
});
