// scripts/bundle.mjs, which joins the verify page's modules into one file:
// the joined file runs as the modules did, and forms it does not handle are
// refused, never copied wrong.

import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
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

  test("forms it does not handle are refused", () => {
    const cases = [
      ["export let counter = 0;\n", /export/],
      ["export default 1;\n", /export/],
      ['const m = import("./x.js");\n', /dynamic import/],
      ['import "./side.js";\n', /import/],
    ];
    for (const [source, message] of cases) {
      write("bad.js", source);
      write("entry-bad.js", 'import * as bad from "./bad.js";\nconsole.log(bad);\n');
      assert.throws(() => bundle(path.join(dir, "entry-bad.js")), message, source);
    }
    write("loop-a.js", 'import { b } from "./loop-b.js";\nexport const a = b;\n');
    write("loop-b.js", 'import { a } from "./loop-a.js";\nexport const b = a;\n');
    assert.throws(() => bundle(path.join(dir, "loop-a.js")), /cycle/);
  });
});
