// scripts/bundle.mjs, which joins the verify page's modules into one file:
// the joined file runs as the modules did, and forms it does not handle are
// refused, never copied wrong.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { after, describe, test } from "node:test";

import { bundle } from "../../scripts/bundle.mjs";

describe("scripts/bundle.mjs", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "countersign-bundle-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name, text) => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };

  test("the joined file runs its modules in order, with their names and addresses", async () => {
    write("order.js", "export const seen = [];\n");
    write("a.js", 'import { seen } from "./order.js";\nseen.push("a");\nexport const x = 1;\nexport function f() {\n  return x + 1;\n}\n');
    write("b.js", 'import { seen } from "./order.js";\nimport { f as g } from "./a.js";\nseen.push("b");\nconst y = g();\nexport { y, g as again };\n');
    write("sub/c.js", 'export const where = import.meta.url;\nexport class C {}\n');
    write("settings.js", "export const SETTING = 42;\n");
    write(
      "entry.js",
      [
        'import { seen } from "./order.js";',
        'import * as A from "./a.js";',
        'import {',
        "  y,",
        "  again,",
        '} from "./b.js";',
        'import { where, C } from "./sub/c.js";',
        'import { SETTING } from "./settings.js";',
        "globalThis.__bundled = { seen, x: A.x, y, again: again(), where, C: typeof C, SETTING };",
        "",
      ].join("\n"),
    );
    const joined = bundle(path.join(dir, "entry.js"), ["./settings.js"]);
    assert.match(joined, /^import \* as \w+ from "\.\/settings\.js";$/m);
    assert.doesNotMatch(joined, /from "\.\/(a|b|order|sub\/c)\.js"/);
    write("joined.js", joined);
    await import(pathToFileURL(path.join(dir, "joined.js")).href);
    const out = globalThis.__bundled;
    assert.deepEqual(out.seen, ["a", "b"]);
    assert.equal(out.x, 1);
    assert.equal(out.y, 2);
    assert.equal(out.again, 2);
    assert.equal(out.where, pathToFileURL(path.join(dir, "sub/c.js")).href);
    assert.equal(out.C, "function");
    assert.equal(out.SETTING, 42);
  });

  test("the service worker's forms: a bare import, a default import, a destructured export", async () => {
    write("w/side.js", "globalThis.__sideRan = (globalThis.__sideRan ?? 0) + 1;\nglobalThis.__shared = { A: 1, B: 2 };\n");
    write("w/msgs.js", 'import "./side.js";\nexport const { A, B } = globalThis.__shared;\n');
    write("w/pkg/glue.js", "function init() {\n  return new URL(\"x.wasm\", import.meta.url).href;\n}\nfunction other() {\n  return 7;\n}\nexport { other, init as default };\n");
    write(
      "w/entry.js",
      'import "./side.js";\nimport { A, B } from "./msgs.js";\nimport init, { other } from "./pkg/glue.js";\nimport start from "./pkg/glue.js";\n' +
        "globalThis.__worker = { A, B, wasm: init(), same: start === init, other: other() };\n",
    );
    const joined = bundle(path.join(dir, "w/entry.js"));
    assert.doesNotMatch(joined, /^import\b/m);
    write("w/joined.js", joined);
    await import(pathToFileURL(path.join(dir, "w/joined.js")).href);
    assert.equal(globalThis.__sideRan, 1, "a module imported twice for its effects runs once");
    assert.deepEqual(globalThis.__worker, {
      A: 1, B: 2, wasm: pathToFileURL(path.join(dir, "w/pkg/x.wasm")).href, same: true, other: 7,
    });
    write("w/bad.js", "export const { a: renamed } = {};\n");
    write("w/entry-bad.js", 'import { renamed } from "./bad.js";\nconsole.log(renamed);\n');
    assert.throws(() => bundle(path.join(dir, "w/entry-bad.js")), /only plain names/);
  });

  test("bare and named imports run in the order they are written", async () => {
    write("o/log.js", "export const log = [];\nglobalThis.__order = log;\n");
    write("o/first.js", 'import { log } from "./log.js";\nlog.push("first");\n');
    write("o/second.js", 'import { log } from "./log.js";\nlog.push("second");\nexport const two = 2;\n');
    write("o/third.js", 'import { log } from "./log.js";\nlog.push("third");\n');
    write("o/entry.js", 'import "./first.js";\nimport { two } from "./second.js";\nimport "./third.js";\nglobalThis.__two = two;\n');
    write("o/joined.js", bundle(path.join(dir, "o/entry.js")));
    await import(pathToFileURL(path.join(dir, "o/joined.js")).href);
    assert.deepEqual(globalThis.__order, ["first", "second", "third"]);
    assert.equal(globalThis.__two, 2);
  });

  test("run through a symbolic link, it still joins the file", () => {
    write("linked/dep.js", "export const n = 3;\n");
    write("linked/entry.js", 'import { n } from "./dep.js";\nglobalThis.__linked = n;\n');
    const link = path.join(dir, "bundle-link.mjs");
    symlinkSync(fileURLToPath(new URL("../../scripts/bundle.mjs", import.meta.url)), link);
    const run = spawnSync(process.execPath, [link, path.join(dir, "linked/entry.js")], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(readFileSync(path.join(dir, "linked/entry.js"), "utf8"), /from "\.\/dep\.js"/);
  });

  test("forms it does not handle are refused", () => {
    const cases = [
      ["export let counter = 0;\n", /export/],
      ["export default 1;\n", /export/],
      ['const m = import("./x.js");\n', /dynamic import/],
      ['import "./side.js" assert { type: "json" };\n', /import/],
    ];
    for (const [source, message] of cases) {
      write("bad.js", source);
      write("entry-bad.js", 'import * as bad from "./bad.js";\nconsole.log(bad);\n');
      assert.throws(() => bundle(path.join(dir, "entry-bad.js")), message, source);
    }
    // A name the imported module does not export (or exports in a form
    // not read, as the second of two consts) stops the build, as it stops
    // the browser from linking the modules themselves.
    const unexported = [
      ["export const a = 1, b = 2;\n", "{ a, b }"],
      ["export const a = 1;\nexport function f() {}\n", "{ a, g }"],
    ];
    for (const [source, clause] of unexported) {
      write("named.js", source);
      write("entry-named.js", `import ${clause} from "./named.js";\nconsole.log(a);\n`);
      assert.throws(() => bundle(path.join(dir, "entry-named.js")), /does not export/, source);
    }
    write("settings-only.js", "export const SETTING = 1;\n");
    write("entry-external.js", 'import { OTHER } from "./settings-only.js";\nconsole.log(OTHER);\n');
    assert.throws(() => bundle(path.join(dir, "entry-external.js"), ["./settings-only.js"]), /OTHER from "\.\/settings-only\.js", which does not export it/);
    // A top-level await would end up inside the function a module is
    // wrapped in: a syntax error only the browser would report.
    for (const source of ["await Promise.resolve();\nexport const a = 1;\n", "export const a = await Promise.resolve(1);\n"]) {
      write("waits.js", source);
      write("entry-waits.js", 'import * as w from "./waits.js";\nconsole.log(w);\n');
      assert.throws(() => bundle(path.join(dir, "entry-waits.js")), /top-level await/, source);
    }
    write("loop-a.js", 'import { b } from "./loop-b.js";\nexport const a = b;\n');
    write("loop-b.js", 'import { a } from "./loop-a.js";\nexport const b = a;\n');
    assert.throws(() => bundle(path.join(dir, "loop-a.js")), /cycle/);
  });
});
