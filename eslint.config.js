// ESLint flat config for Countersign's JavaScript: the web pages (www/),
// the extension (extension/), the Node tests and benchmarks, and scripts.
// Generated code (dist/, the wasm-bindgen glue) and dependencies are skipped.

import js from "@eslint/js";
import globals from "globals";

export default [
  {
    ignores: ["dist/**", "target/**", "node_modules/**", "pkg/**", "**/pkg/**"],
  },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
    },
    rules: {
      // Unused arguments are often part of a callback's signature.
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      // `x == null` (null or undefined) is the one idiomatic loose comparison.
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      // Page and notice text goes in with textContent and text nodes only:
      // nothing may be written as HTML (reading innerHTML is fine).
      "no-restricted-properties": [
        "error",
        { object: "document", property: "write", message: "Never write HTML into the document." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]",
          message: "Use textContent or DOM nodes: never insert text as HTML.",
        },
        {
          selector: "CallExpression[callee.property.name=/^(insertAdjacentHTML|setHTMLUnsafe)$/]",
          message: "Use DOM nodes: never insert text as HTML.",
        },
      ],
    },
  },
  {
    files: ["www/**/*.js"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["extension/**/*.js"],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions, ...globals.serviceworker } },
  },
  {
    files: ["tests/**/*.mjs", "bench/**/*.mjs", "scripts/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser tests pass functions to page.evaluate(), which run in a page
    // or an extension page.
    files: ["tests/js/**/*.test.mjs"],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...globals.webextensions } },
  },
  {
    // Test fixtures imitate third-party pages (webmail, scam sites), which
    // do build their DOM from HTML strings.
    files: ["tests/js/fixtures/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // The demo walkthrough's pages (demo/sites/): plain browser scripts.
    files: ["demo/sites/**/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["demo/sites/**/*.mjs"],
    languageOptions: { globals: { ...globals.node } },
  },
];
