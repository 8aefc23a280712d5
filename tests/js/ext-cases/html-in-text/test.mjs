// Nothing from the page became markup in the warning page.
import assert from "node:assert/strict";

export default async function check(t, { page }) {
  const found = await page.evaluate(() => ({
    images: document.querySelectorAll("img").length,
    scripts: [...document.querySelectorAll("script")].map((s) => s.getAttribute("src")),
    address: document.getElementById("address").textContent,
    pwned: window.__pwned ?? null,
  }));
  assert.equal(found.images, 0);
  assert.deepEqual(found.scripts, ["warning.js"]);
  assert.equal(found.pwned, null);
  assert.match(found.address, /<img src=x onerror=alert\(1\)>|%3Cimg/);
}
