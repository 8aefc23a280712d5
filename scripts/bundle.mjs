// Joins a page's ES modules into one readable module file, at build time.
//
//   node scripts/bundle.mjs ENTRY [--external ./config.js ...]
//
// ENTRY (e.g. dist/www/verify.js) is replaced by one module holding it and
// every module it imports, each in its own function scope, in the order the
// browser would run them, unminified and with each part headed by its file
// name. Why: the verify page otherwise asks for five script files, and over
// HTTP/1.1 a browser opens at most six connections to a site, so the
// verifier's own request waited behind the scripts for a round trip
// (docs/benchmarks.md). An `--external` module (config.js, which a vendor
// edits where the site is deployed) stays a module of its own, imported by
// the bundle.
//
// It understands only the forms the site's modules use, and stops with an
// error on anything else rather than guess: `import { a, b as c } from
// "./x.js"`, `import * as x from "./x.js"`, `export const|function|async
// function|class NAME` and `export { a, b as c }`. No `export let` (a live
// binding a copy would not follow), no `export default`, no dynamic
// `import()`, no import cycles, no top-level `await` outside the entry (it
// would land inside the function a module is wrapped in). An imported name
// the module does not export stops the build, as it stops the browser from
// linking the modules (so does the second name of `export const a = 1,
// b = 2`, a form not read). `import.meta.url` in a module of another
// folder is rewritten to that module's own address, so relative URLs built
// from it (the wasm-bindgen loader's) still point where they did; the
// rewrite is of the text, in strings and comments too, which this site's
// modules do not mention it in.
//
// Why not esbuild, measured in docs/benchmarks.md: it leaves import.meta.url
// as it is (the loader's fallback would then look for the wasm beside this
// file, not in pkg/), drops the modules' comments, and adds a native binary
// to the build, for a file 3 KB smaller gzipped.

import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

// `import CLAUSE from "./x.js";`, or `import "./x.js";` (run the module
// first, bind nothing from it): one pattern, so imports keep the order the
// browser would evaluate them in.
const IMPORT = /^import\s+(?:([^;"]*?)\s+from\s+)?"([^"]+)";?[ \t]*$/gm;

function fail(file, message) {
  throw new Error(`${file}: ${message}`);
}

/** Reads a module: its imports and its body without them. */
function read(file) {
  const source = readFileSync(file, "utf8");
  const imports = [];
  const body = source.replace(IMPORT, (_, clause = "", from) => {
    imports.push({ clause: clause.replace(/\s+/g, " ").trim(), from });
    return "";
  });
  if (/^import\b/m.test(body)) fail(file, "an import this bundler does not understand");
  if (/\bimport\s*\(/.test(body)) fail(file, "a dynamic import()");
  // A module's top-level statements start at the line's start in this
  // site's code; an `await` there would land inside the function the
  // module is wrapped in, a syntax error only the browser would report.
  if (/^(?:export\s+)?(?:(?:const|let|var)\s[^=\n]*=\s*|for\s+)?await\b/m.test(body)) fail(file, "a top-level await");
  return { file, body, imports };
}

/** Removes the module's export keywords; returns the body and exported names. */
function unexport(file, body) {
  const names = [];
  let out = body.replace(
    /^export\s+(const|function|async\s+function|class)\s+([A-Za-z_$][\w$]*)/gm,
    (_, kind, name) => {
      names.push([name, name]);
      return `${kind} ${name}`;
    },
  );
  // `export const { a, b } = object;` (the extension's messages.js).
  out = out.replace(/^export\s+const\s+\{([^}]*)\}(?=\s*=)/gm, (_, list) => {
    for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      if (!/^[A-Za-z_$][\w$]*$/.test(item)) fail(file, `export const { ${item} }: only plain names are understood`);
      names.push([item, item]);
    }
    return `const {${list}}`;
  });
  out = out.replace(/^export\s*\{([^}]*)\};?[ \t]*$/gm, (_, list) => {
    for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      const [local, exported = local] = item.split(/\s+as\s+/);
      names.push([exported, local]);
    }
    return "";
  });
  if (/^export\b/m.test(out)) fail(file, "an export this bundler does not understand (only const, function, class and { ... })");
  return { body: out, names };
}

/**
 * The `const` lines that stand for a module's imports. A name the imported
 * module does not export stops the build, as it stops the browser from
 * linking real modules (a copy would otherwise bind it to undefined).
 */
function bindings(file, imports, idOf, exportsOf) {
  return imports.map(({ clause: written, from, resolved }) => {
    let clause = written;
    const id = idOf(resolved);
    const exported = exportsOf(resolved);
    const star = /^\*\s+as\s+([A-Za-z_$][\w$]*)$/.exec(clause);
    if (star) return `const ${star[1]} = ${id};`;
    if (clause === "") return `// (${from} run for its effects)`;
    // `import init from` and `import init, { a } from`: the default export
    // (the wasm-bindgen loader's init function) as one more named binding.
    const withDefault = /^([A-Za-z_$][\w$]*)(?:\s*,\s*\{([^}]*)\})?$/.exec(clause);
    if (withDefault) clause = `{ default as ${withDefault[1]}${withDefault[2] ? `, ${withDefault[2]}` : ""} }`;
    const named = /^\{([^}]*)\}$/.exec(clause);
    if (!named) fail(file, `import ${clause} from "${from}": only { ... }, * as, a default and a bare import are understood`);
    const parts = named[1]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((item) => {
        const [imported, local = imported] = item.split(/\s+as\s+/);
        if (!exported.has(imported)) fail(file, `imports ${imported} from "${from}", which does not export it`);
        return imported === local ? imported : `${imported}: ${local}`;
      });
    return `const { ${parts.join(", ")} } = ${id};`;
  });
}

export function bundle(entry, externals = []) {
  const dir = path.dirname(path.resolve(entry));
  const external = new Set(externals.map((e) => path.resolve(dir, e)));
  const order = [];
  const modules = new Map();
  const visiting = new Set();
  const externalImports = [];

  const visit = (file) => {
    if (modules.has(file)) return;
    if (visiting.has(file)) fail(file, "an import cycle");
    visiting.add(file);
    const module = read(file);
    for (const item of module.imports) {
      item.resolved = path.resolve(path.dirname(file), item.from);
      if (external.has(item.resolved)) continue;
      visit(item.resolved);
    }
    visiting.delete(file);
    modules.set(file, module);
    order.push(file);
  };
  visit(path.resolve(entry));

  const relative = (file) => `./${path.relative(dir, file).split(path.sep).join("/")}`;
  const ids = new Map(order.map((file, index) => [file, `__module${index}`]));
  for (const file of external) ids.set(file, `__external${ids.size}`);
  const idOf = (file) => ids.get(file);
  for (const file of external) externalImports.push(`import * as ${idOf(file)} from "${relative(file)}";`);

  // What each module exports, read before any part is written; an external
  // module is read for its names only.
  const unexported = new Map(order.map((file) => [file, unexport(file, modules.get(file).body)]));
  for (const file of external) unexported.set(file, unexport(file, read(file).body));
  const exportsOf = (file) => new Set(unexported.get(file).names.map(([name]) => name));

  const parts = order.map((file) => {
    const module = modules.get(file);
    const { body, names } = unexported.get(file);
    let text = body.replace(/^\n+/, "").replace(/\s+$/, "");
    if (path.dirname(file) !== dir) {
      text = text.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative(file))}, import.meta.url).href`);
    }
    const head = bindings(file, module.imports, idOf, exportsOf);
    const isEntry = file === path.resolve(entry);
    const exported = names.map(([name, local]) => (name === local ? name : `${name}: ${local}`));
    return [
      `// ---- ${relative(file)} ----`,
      isEntry ? "{" : `const ${idOf(file)} = (() => {`,
      ...head,
      text,
      isEntry ? "}" : `return Object.freeze({ ${exported.join(", ")} });\n})();`,
      "",
    ].join("\n");
  });

  return [
    `// Built by scripts/bundle.mjs from ${order.map(relative).join(", ")}: one`,
    "// file, so that the page makes one request for its scripts. Each part is",
    "// one of those modules, unchanged but for its import and export lines.",
    "",
    ...externalImports,
    "",
    ...parts,
  ].join("\n");
}

// Run as a script (also through a symbolic link), not imported by a test.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  const [entry, ...rest] = process.argv.slice(2);
  if (!entry) {
    console.error("usage: node scripts/bundle.mjs ENTRY [--external ./config.js ...]");
    process.exit(2);
  }
  const externals = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--external" && rest[i + 1]) externals.push(rest[++i]);
    else {
      console.error(`bundle.mjs: unknown argument ${rest[i]}`);
      process.exit(2);
    }
  }
  try {
    writeFileSync(entry, bundle(entry, externals));
  } catch (error) {
    console.error(`bundle.mjs: ${error.message}`);
    process.exit(1);
  }
}
