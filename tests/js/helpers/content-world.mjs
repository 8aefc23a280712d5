// Evaluates an expression in the extension's isolated content-script world
// of a Chromium page (playwright's page.evaluate runs in the page's world),
// through the DevTools protocol: that world is the execution context named
// after the extension. Returns the value, or throws when there is no such
// world (no content script ran).

export async function contentWorld(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on("Runtime.executionContextCreated", ({ context }) => contexts.push(context));
    // Enabling reports every context that exists now.
    await cdp.send("Runtime.enable");
    const world = contexts.find((c) => c.name === "Countersign" && c.origin.startsWith("chrome-extension://"));
    if (!world) throw new Error(`no content-script world in ${page.url()}`);
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { contextId: world.id, expression, returnByValue: true });
    if (exceptionDetails) throw new Error(`in the content-script world: ${exceptionDetails.text}`);
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
