// The bench page, built in JS exactly as `page` in benches/support/pages.rs
// builds it natively, so that wasm (bench/phones.mjs, bench/wasm-native.mjs)
// and native (benches/detect.rs, examples/page_profile.rs,
// examples/page_time.rs) analyse the same bytes.

import { readFileSync } from "node:fs";
import path from "node:path";

import { ROOT } from "../tests/js/helpers/wasm.mjs";

/** A realistic mix of five corpus pages, repeated with variations up to
 * `size` bytes of HTML. */
export function page(size) {
  const files = [
    "tollfree-support-landing.html",
    "news-scam-warning.html",
    "northwind-traders-tutorial.html",
    "encyclopedia.html",
    "review-antivirus.html",
  ].map((f) => readFileSync(path.join(ROOT, "tests/corpus/pages", f), "utf8"));
  let out = "<!DOCTYPE html><html><head><title>Northwind Security Support</title></head><body>";
  for (let i = 0; Buffer.byteLength(out) < size; i++) {
    const part = files[i % files.length];
    let body = part.split("<body")[1] ?? part;
    body = body.slice(body.indexOf(">") + 1).split("</body>")[0];
    const a = String(i % 10000).padStart(4, "0");
    const b = String((i * 7) % 10000).padStart(4, "0");
    out += `<section>${body}<p>Order ${i}: call (202) 555-${a} or +44 20 7946 ${b}.</p></section>`;
  }
  return out + "</body></html>";
}
