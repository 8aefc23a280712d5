// A warning about a scam that concerns no trusted vendor names none: the
// record, the full-tab warning (when the page gets one), the popup and
// "Check anything" speak of a support scam, with no vendor's contacts.
import assert from "node:assert/strict";

const VENDOR = /Northwind/;

export default async function check(t, { harness, page, record }) {
  assert.equal(record.vendor ?? "", "", "the record names no vendor");
  assert.equal(record.official ?? null, null, "the record holds no vendor's contacts");

  // A high-confidence warning takes the whole tab.
  if (record.confidence === "high") {
    await harness.waitForWarning(page);
    const shown = await page.evaluate(() => ({
      headline: document.getElementById("headline").textContent,
      facts: document.getElementById("facts").innerText,
      official: document.getElementById("official").hidden,
    }));
    assert.equal(shown.headline, "This page shows signs of a support scam");
    assert.doesNotMatch(shown.facts, VENDOR);
    assert.equal(shown.official, true, "no vendor's contacts on the warning");
  }

  const popup = await harness.context.newPage();
  try {
    await popup.goto(`chrome-extension://${harness.extensionId}/popup.html?tab=${record.tabId}`);
    await popup.waitForFunction(() => !["loading", "none"].includes(document.getElementById("verdict").dataset.verdict), null, { timeout: 30_000 });
    const verdict = await popup.evaluate(() => ({
      title: document.getElementById("verdict-title").textContent,
      summary: document.getElementById("verdict-summary").textContent,
      report: document.getElementById("report").hidden,
    }));
    assert.match(verdict.title, /signs of a support scam/);
    assert.doesNotMatch(verdict.title + verdict.summary, VENDOR);
    assert.equal(verdict.report, true, "no report to a vendor the page is not about");

    // The same words pasted into "Check anything".
    await popup.evaluate(() => {
      document.getElementById("check").open = true;
    });
    await popup.fill(
      "#check-text",
      "Your computer has been blocked because of a virus infection. Do not restart or shut down your computer. " +
        "Call the toll-free helpline immediately: +1 888 555 0100. A certified technician will connect to your computer remotely to remove the virus.",
    );
    await popup.click("#check-go");
    await popup.waitForSelector("#check-result .answer", { timeout: 30_000 });
    const answer = await popup.evaluate(() => ({
      verdict: document.querySelector("#check-result .answer").dataset.verdict,
      headline: document.querySelector("#check-result .answer-headline").textContent,
      contacts: document.querySelectorAll("#check-result .contacts").length,
      report: document.querySelectorAll("#check-result .report").length,
    }));
    t.diagnostic(`check anything: ${JSON.stringify(answer)}`);
    assert.ok(["suspicious", "impersonation"].includes(answer.verdict), answer.verdict);
    assert.match(answer.headline, /signs of a support scam/);
    assert.doesNotMatch(answer.headline, VENDOR);
    assert.equal(answer.contacts, 0, "no vendor's contacts");
    assert.equal(answer.report, 0, "no report to a vendor");
  } finally {
    await popup.close();
  }
}
