// Loads the built wasm package (dist/pkg, made by scripts/build.sh) in Node.
//
// The package is built with `wasm-bindgen --target web`; its default init()
// fetches the .wasm next to it, which Node cannot do from a file URL, so the
// bytes are handed to initSync instead. The module needs nothing from the
// browser but crypto.getRandomValues, which Node 20 has.

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let loaded = null;

/** Imports dist/pkg/countersign.js and instantiates it once. */
export async function loadPackage(pkgDir = path.join(ROOT, "dist/pkg")) {
  if (!loaded) {
    loaded = (async () => {
      const pkg = await import(pathToFileURL(path.join(pkgDir, "countersign.js")).href);
      pkg.initSync({ module: readFileSync(path.join(pkgDir, "countersign_bg.wasm")) });
      return pkg;
    })();
  }
  return loaded;
}

let signer = null;

/**
 * Imports the signing console's package (dist/pkg-console), the one that
 * signs: the extension's and the verify pages' packages have no signing
 * calls (cargo feature `sign`), so tests and benchmarks sign their notices
 * with this one, as staff do with the console.
 */
export async function loadSigner() {
  signer ??= (async () => {
    const dir = path.join(ROOT, "dist/pkg-console");
    const pkg = await import(pathToFileURL(path.join(dir, "countersign.js")).href);
    pkg.initSync({ module: readFileSync(path.join(dir, "countersign_bg.wasm")) });
    return pkg;
  })();
  return signer;
}

let mail = null;

/**
 * Imports the raw-email reader's package (dist/pkg-mail): the extension
 * reads a pasted raw email with its readRawEmail and hands the parts to the
 * engine's analyseEmailParts.
 */
export async function loadMailReader() {
  mail ??= (async () => {
    const dir = path.join(ROOT, "dist/pkg-mail");
    const pkg = await import(pathToFileURL(path.join(dir, "countersign.js")).href);
    pkg.initSync({ module: readFileSync(path.join(dir, "countersign_bg.wasm")) });
    return pkg;
  })();
  return mail;
}

/** The demo staff secret key text (DEMO ONLY, committed on purpose). */
export function demoStaffSecret() {
  return readFileSync(path.join(ROOT, "demo/keys/staff.secret"), "utf8");
}

/** The browser clock's idea of now, in Unix seconds. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * The CLI binary to test: COUNTERSIGN_BIN, or the more recently built of
 * target/release/countersign (scripts/build.sh) and target/debug/countersign
 * (cargo test), so a stale one is never tested. Undefined when neither is
 * built.
 */
export function cliBinary() {
  return (
    process.env.COUNTERSIGN_BIN ??
    ["target/release/countersign", "target/debug/countersign"]
      .map((p) => path.join(ROOT, p))
      .filter((p) => existsSync(p))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  );
}
