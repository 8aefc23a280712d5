// Where the bytes of a wasm module go, by crate: a small stand-in for twiggy.
//
//   node bench/wasm-sizes.mjs module.wasm [--top 15] [--functions N]
//
// --functions N also lists the N largest functions by name.
//
// The module must keep its "name" section (build with strip off, and keep
// names through wasm-bindgen and wasm-opt; bench/size.sh does this). Each
// function body is attributed to the crate its (mangled) name starts with;
// generic code is attributed to the crate that defines it, so serde's
// generic code instantiated for a Countersign type counts as serde.
// Static data (lookup tables, string constants) cannot be attributed by name
// and is reported as one total.

import { readFileSync } from "node:fs";

const file = process.argv[2];
if (!file) {
  console.error("usage: node bench/wasm-sizes.mjs module.wasm [--top N]");
  process.exit(2);
}
const topAt = process.argv.indexOf("--top");
const TOP = topAt > 0 ? Number(process.argv[topAt + 1]) : 15;
const functionsAt = process.argv.indexOf("--functions");
const FUNCTIONS = functionsAt > 0 ? Number(process.argv[functionsAt + 1]) : 0;

const bytes = readFileSync(file);
let offset = 8; // magic and version

function leb() {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[offset];
    offset += 1;
    result += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7;
  }
}

function name() {
  const length = leb();
  const text = bytes.toString("utf8", offset, offset + length);
  offset += length;
  return text;
}

function skipLimits() {
  const flags = leb();
  leb();
  if (flags & 1) leb();
}

let importedFunctions = 0;
const bodySizes = [];
const names = new Map();
let dataBytes = 0;
let codeSectionBytes = 0;
const sectionSizes = {};

while (offset < bytes.length) {
  const id = bytes[offset];
  offset += 1;
  const size = leb();
  const start = offset;
  const end = offset + size;
  if (id === 0) {
    const sectionName = name();
    sectionSizes[`custom:${sectionName}`] = size;
    if (sectionName === "name") {
      while (offset < end) {
        const sub = bytes[offset];
        offset += 1;
        const subSize = leb();
        const subEnd = offset + subSize;
        if (sub === 1) {
          const count = leb();
          for (let i = 0; i < count; i += 1) {
            const index = leb();
            names.set(index, name());
          }
        }
        offset = subEnd;
      }
    }
  } else if (id === 2) {
    const count = leb();
    for (let i = 0; i < count; i += 1) {
      name();
      name();
      const kind = bytes[offset];
      offset += 1;
      if (kind === 0) {
        leb();
        importedFunctions += 1;
      } else if (kind === 1) {
        offset += 1;
        skipLimits();
      } else if (kind === 2) {
        skipLimits();
      } else if (kind === 3) {
        offset += 2;
      } else {
        offset += 1;
        leb();
      }
    }
  } else if (id === 10) {
    codeSectionBytes = size;
    const count = leb();
    for (let i = 0; i < count; i += 1) {
      const bodySize = leb();
      bodySizes.push(bodySize);
      offset += bodySize;
    }
  } else if (id === 11) {
    const count = leb();
    for (let i = 0; i < count; i += 1) {
      const flags = leb();
      if (flags === 2) leb();
      if (flags !== 1) {
        // The offset expression: skip to its `end` opcode.
        while (bytes[offset] !== 0x0b) offset += 1;
        offset += 1;
      }
      const length = leb();
      dataBytes += length;
      offset += length;
    }
  }
  if (id !== 0) sectionSizes[id] = size;
  offset = start + size;
}

const PRIMITIVES = new Set(["str", "char", "bool", "f32", "f64", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize"]);

/**
 * The crate a function belongs to, from its demangled name
 * (`serde_json[1a2b]::de::...`, `<alloc[..]::string::String as ...>::fmt`,
 * `<f64 as zmij::...>::write`). For `<T as Trait>` the type's crate wins
 * unless the type is a primitive.
 */
function crateOf(symbol) {
  if (!symbol) return "(unnamed)";
  if (/^(__wbg|__wbindgen|__externref)/.test(symbol)) return "wasm_bindgen (glue)";
  if (/^(memcpy|memset|memmove|memcmp|__multi3|__udivti3|__umodti3|__divti3|__ashlti3|__lshrti3|__rust|__rdl|__rg)/.test(symbol)) {
    return "compiler_builtins / allocator shims";
  }
  if (!symbol.includes("::")) return "(exports and glue shims)";
  const path = symbol.replace(/^[<&*\s]+|^(mut|const|dyn)\s+/g, "");
  const first = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
  if (!first) return "(other)";
  let crate = first[1];
  if (PRIMITIVES.has(crate) || crate === "_") {
    const trait = / as &?([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
    crate = trait ? trait[1] : "core";
  }
  return crate;
}

const byCrate = new Map();
bodySizes.forEach((size, i) => {
  const crate = crateOf(names.get(importedFunctions + i));
  const entry = byCrate.get(crate) ?? { bytes: 0, functions: 0 };
  entry.bytes += size;
  entry.functions += 1;
  byCrate.set(crate, entry);
});

// Shares are of what ships: code and data (names and debug info are stripped
// from the real build).
const total = codeSectionBytes + dataBytes;
const percent = (n) => `${((100 * n) / total).toFixed(1)}%`;
console.log(`${file}: ${bytes.length} bytes with names; code ${codeSectionBytes}, data ${dataBytes}, ${bodySizes.length} functions, ${names.size} named`);
console.log("");
console.log(`${"crate".padEnd(42)}${"code bytes".padStart(11)}${"share".padStart(8)}${"fns".padStart(6)}`);
const rows = [...byCrate.entries()].sort((a, b) => b[1].bytes - a[1].bytes);
for (const [crate, entry] of rows.slice(0, TOP)) {
  console.log(`${crate.padEnd(42)}${String(entry.bytes).padStart(11)}${percent(entry.bytes).padStart(8)}${String(entry.functions).padStart(6)}`);
}
const rest = rows.slice(TOP).reduce((sum, [, e]) => sum + e.bytes, 0);
if (rest) console.log(`${"(the rest)".padEnd(42)}${String(rest).padStart(11)}${percent(rest).padStart(8)}`);
console.log(`${"static data (tables, strings)".padEnd(42)}${String(dataBytes).padStart(11)}${percent(dataBytes).padStart(8)}`);

if (FUNCTIONS > 0) {
  console.log("");
  console.log(`${"function".padEnd(90)}${"code bytes".padStart(11)}`);
  const largest = bodySizes
    .map((size, i) => [names.get(importedFunctions + i) ?? `(function ${importedFunctions + i})`, size])
    .sort((a, b) => b[1] - a[1])
    .slice(0, FUNCTIONS);
  for (const [fn, size] of largest) {
    console.log(`${fn.slice(0, 89).padEnd(90)}${String(size).padStart(11)}`);
  }
}
