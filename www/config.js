// Which directory the verify page and the signing console trust.
//
// `null` uses the demo vendor built into the wasm package (Northwind
// Security). A vendor deploying these pages sets its own: the URL its signed
// directory is published at (same origin as the pages, per the page's
// Content-Security-Policy) and the root public key to pin, e.g.
//
//   export const DIRECTORY = {
//     url: "/.well-known/countersign/directory.json",
//     rootKey: "CSPK1.…",
//   };
//
// The root key must come with the pages, never from the directory itself:
// pinning it is what makes a forged directory fail.
export const DIRECTORY = null;
