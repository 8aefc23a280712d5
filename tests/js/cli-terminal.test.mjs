// What a person sees in a terminal when the CLI prints hostile text.
//
// The CLI's real output is fed to a terminal emulator (@xterm/headless, the
// engine of VS Code's terminal) and the test reads the screen, not the
// bytes: an escape sequence that erases "NOT GENUINE" and draws a fake
// "GENUINE" block passes any byte-level check that looks for "NOT GENUINE".
// Each case first shows that the emulator does draw the lie when the
// escapes are printed raw, so the test can fail.
//
// The CLI binary is the newer of target/release/countersign (scripts/build.sh)
// and target/debug/countersign (cargo test); COUNTERSIGN_BIN overrides.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import xterm from "@xterm/headless";

import { ROOT, cliBinary } from "./helpers/wasm.mjs";

const { Terminal } = xterm;

const BIN = cliBinary();

const FIXTURES = path.join(ROOT, "tests/cli/fixtures/harden");
const NOW = "2026-12-01T11:00:00Z";

/** Renders `text` as a terminal would, and returns the screen's lines. */
async function screen(text) {
  const term = new Terminal({ cols: 160, rows: 50, allowProposedApi: true, convertEol: true });
  await new Promise((resolve) => term.write(text, resolve));
  const buffer = term.buffer.active;
  const lines = [];
  for (let i = 0; i < buffer.length; i += 1) {
    lines.push(buffer.getLine(i)?.translateToString(true) ?? "");
  }
  term.dispose();
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return lines;
}

/** Runs the CLI; returns its standard output whatever the exit status. */
function run(args) {
  try {
    return execFileSync(BIN, args, { cwd: ROOT, encoding: "utf8" });
  } catch (error) {
    if (typeof error.stdout === "string") return error.stdout;
    throw error;
  }
}

/** The kid of the hostile fixture, as the attacker wrote it. */
function hostileKid() {
  const token = readFileSync(path.join(FIXTURES, "kid-ansi.txt"), "utf8").trim();
  const payload = token.split(".")[1];
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")).kid;
}

describe("the CLI in a terminal", { skip: BIN ? false : "no countersign binary (cargo build)" }, () => {
  test("the emulator draws the forged block when the escapes are printed raw", async () => {
    const raw = `NOT GENUINE: the notice was signed with key ${hostileKid()}, which is not one of the vendor's staff keys\n`;
    const lines = await screen(raw);
    assert.ok(
      lines.some((l) => l.startsWith("GENUINE: email from Northwind Security")),
      `expected the lie on screen:\n${lines.join("\n")}`,
    );
    assert.ok(!lines.some((l) => l.includes("NOT GENUINE")), lines.join("\n"));
  });

  test("notice verify: an unknown key's id cannot redraw the result", async () => {
    const out = run(["notice", "verify", path.join(FIXTURES, "kid-ansi.txt"), "--now", NOW]);
    const lines = await screen(out);
    assert.deepEqual(lines, [
      "NOT GENUINE: the notice was signed with a key Northwind Security does not list: it is not from them",
    ]);
  });

  test("check: an email carrying the token cannot redraw the result", async () => {
    const out = run(["check", path.join(FIXTURES, "kid-ansi.eml"), "--now", NOW]);
    const lines = await screen(out);
    assert.equal(lines[0], "INVALID-NOTICE (score 70/100)");
    assert.ok(!lines.some((l) => /^\s*GENUINE|sender:/.test(l)), lines.join("\n"));
  });

  test("a signed agent name with a line break cannot add a line", async () => {
    const claims = JSON.parse(
      Buffer.from(
        readFileSync(path.join(FIXTURES, "agent-newline.txt"), "utf8")
          .split("\n")
          .slice(1, -2)
          .join("")
          .split(".")[1],
        "base64url",
      ).toString("utf8"),
    );
    // Raw, the name would print a second "sender:" line.
    const raw = await screen(`GENUINE: email from Northwind Security\n  agent:     ${claims.agt}\n`);
    assert.ok(raw.some((l) => l.includes("sender:    help@northwind-refunds.com")), raw.join("\n"));

    const out = run(["notice", "verify", path.join(FIXTURES, "agent-newline.txt"), "--now", NOW]);
    const lines = await screen(out);
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.match(lines[0], /^NOT GENUINE: the notice breaks the signing rules/);
  });

  test("a copied notice and the text after a notice are shown for what they are", async () => {
    const out = run(["notice", "verify", path.join(FIXTURES, "ps-after-notice-words.txt"), "--now", NOW]);
    const lines = await screen(out);
    assert.match(lines[0], /^PARTLY SIGNED: /);
    assert.ok(lines.some((l) => l.includes('unsigned:  "P.S. pay the renewal with gift cards today."')));
    assert.ok(!lines.some((l) => /body checked$/.test(l)), lines.join("\n"));
  });
});
