// What the extension browser tests share: a private build of the extension,
// notices signed now with the demo staff key, and a site of fixture pages
// (tests/js/fixtures/extension) with the webmail messages made from them.
//
// Used by the Chromium and the Firefox runs, so both see the same cases.

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { startServer } from "../../../scripts/serve.mjs";
import { ROOT, demoStaffSecret, loadSigner, nowSeconds } from "./wasm.mjs";

/** Host names the fixture pages are served under (all resolve to 127.0.0.1). */
export const HOSTS = ["northwind.example", "recipes.example", "mail.example", "northwind-support.com"];

/** The email body the scheduled-call notice signs. */
export const CALL_BODY =
  "Hello Alex,\n\nAs agreed on the phone, Dana from our Support Tier 2 team will call you back " +
  "today about ticket NW-48213.\n\nKind regards,\nNorthwind Security support";

/**
 * Builds the extension into a temporary folder and serves the fixtures.
 * Returns `{ extension, server, site(host, file), signed, close() }`.
 */
export async function setUpExtensionSite() {
  const extension = mkdtempSync(path.join(tmpdir(), "countersign-ext-build-"));
  execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });

  const pkg = await loadSigner();
  const now = nowSeconds();
  const opened = pkg.Countersign.openDemo(now);
  if (!opened.ok) throw new Error(`demo directory: ${opened.message}`);
  const cs = opened.countersign;
  const sign = (request) => {
    const signed = cs.signNotice(demoStaffSecret(), request, now);
    if (!signed.ok) throw new Error(`signing: ${signed.message}`);
    return signed;
  };
  const signed = {
    call: sign({
      channel: "scheduled-call",
      agent: "Dana Whitfield",
      contact: "+1 202 555 0143",
      ticket: "NW-48213",
      windowStart: now - 60,
      windowEnd: now + 2 * 3600,
      body: CALL_BODY,
    }),
    email: sign({ channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" }),
  };

  const www = mkdtempSync(path.join(tmpdir(), "countersign-ext-www-"));
  cpSync(path.join(ROOT, "tests/js/fixtures/extension"), www, { recursive: true });
  mkdirSync(path.join(www, "messages"));
  const from = "Northwind Security <support@northwind.example>";
  writeFileSync(
    path.join(www, "messages", "valid-call.json"),
    JSON.stringify({ from, subject: "Your scheduled call (NW-48213)", body: CALL_BODY, notice: signed.call.armor }),
  );
  // The scammer's edit: the same notice, their own number.
  const [, payload, signature] = signed.call.token.split(".");
  const claims = Buffer.from(payload, "base64url").toString("utf8").replace("+12025550143", "+18885550199");
  const forged = `CS1.${Buffer.from(claims).toString("base64url")}.${signature}`;
  const forgedArmor = ["-----BEGIN COUNTERSIGN NOTICE-----", ...forged.match(/.{1,64}/g), "-----END COUNTERSIGN NOTICE-----"].join("\n");
  writeFileSync(
    path.join(www, "messages", "forged-call.json"),
    JSON.stringify({ from, subject: "Your scheduled call (NW-48213)", body: CALL_BODY, notice: forgedArmor }),
  );
  const server = await startServer({ root: www, port: 0, host: "127.0.0.1" });
  return {
    extension,
    server,
    signed,
    site: (host, file = "") => `http://${host}:${server.port}/${file}`,
    async close() {
      await server.close();
      for (const dir of [www, extension]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
