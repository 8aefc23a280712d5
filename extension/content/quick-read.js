// The cheap first read of a page, and the guards that decide whether it
// can stand for the page (docs/extension.md, "The cheap first read").
//
//   quickRead(doc)
//     frame, object, embed, SVG text? ──────────────┐
//     a ::before/::after rule with content? ────────┤
//     a shadow root, open or closed, anywhere? ─────┼─► null: the full scan
//     a notice marker in the text or a link? ───────┤
//     more text or links than a scan carries? ──────┘
//     otherwise: body.innerText, title, lang, links as one scan
//
// This file is part of the first content script, which every page gets:
// it holds no walk and no UI. The helpers it shares with the full scan
// (scan.js, injected only when this read cannot settle the page) are put
// on the isolated world's COUNTERSIGN_CONTENT namespace.

(() => {
  "use strict";
  const { LIMITS, MARKERS } = globalThis.COUNTERSIGN_SHARED;
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});

  function hasMarker(text) {
    return text.includes(MARKERS.TOKEN) || text.includes(MARKERS.ARMOR_BEGIN);
  }

  // Elements that can host a shadow root (besides custom elements, whose
  // names hold a "-"): asking the browser about any other element is wasted,
  // and in Chrome that question costs more than the rest of an element's visit.
  // By local name, which is lower case in any document (tagName is upper
  // case only for HTML elements of HTML documents).
  const SHADOW_HOSTS = new Set([
    "article", "aside", "blockquote", "body", "div", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "main", "nav", "p", "section", "span",
  ]);
  // Chrome: chrome.dom.openOrClosedShadowRoot, looked up on first use, not
  // when this script starts (each chrome.* namespace costs the page time
  // when first touched, and a page the cheaper guards send to the full scan
  // may never ask); false where there is none (Firefox: see shadowOf).
  /** @type {((el: Element) => ShadowRoot | null) | false | undefined} */
  let chromeShadowRoot;

  /** The shadow root of `el`, open or closed, where the browser lets an extension see it. */
  function shadowOf(el) {
    const tag = el.localName;
    // Only these can host one (attachShadow and declarative shadow roots
    // refuse any other element), so no other element is asked anything.
    if (!SHADOW_HOSTS.has(tag) && !tag.includes("-")) return null;
    try {
      if (chromeShadowRoot === undefined) chromeShadowRoot = globalThis.chrome?.dom?.openOrClosedShadowRoot ?? false;
      // Open and closed roots alike, in one call.
      if (chromeShadowRoot) return chromeShadowRoot(el) ?? null;
      // Firefox gives content scripts a property, Element.openOrClosedShadowRoot
      // (a getter, not a method), that sees through the page's Xray wrapper.
      return /** @type {any} */ (el).openOrClosedShadowRoot ?? el.shadowRoot ?? null;
    } catch {
      return el.shadowRoot ?? null;
    }
  }

  /**
   * Whether any style sheet of `root` (a document or shadow root) could
   * give an element ::before/::after text. Reading a pseudo-element's style
   * costs more than the rest of the walk together, and most pages have no
   * such rule; a sheet that cannot be read (another origin) counts as
   * having one.
   */
  function mayHavePseudoText(root) {
    const sheets = [...(root.styleSheets ?? []), ...(root.adoptedStyleSheets ?? [])];
    const pseudo = /::?(before|after)/i;
    const visit = (rules, depth) => {
      for (const rule of rules) {
        if (depth < 4 && rule.cssRules && visit(rule.cssRules, depth + 1)) return true;
        if (rule.selectorText && pseudo.test(rule.selectorText) && /content\s*:/.test(rule.cssText)) return true;
      }
      return false;
    };
    for (const sheet of sheets) {
      let rules;
      try {
        rules = sheet.cssRules;
      } catch {
        return true;
      }
      if (visit(rules, 0)) return true;
    }
    return false;
  }

  /**
   * Whether `href` (an absolute address, as `a.href` gives it) is a link
   * the engine reads: http, https, tel: or mailto:. Compared character by
   * character: a regular expression cost more than the rest of a link's
   * visit on its first runs, which is all a page's first read gets.
   */
  function linkKind(href) {
    const c = href.charCodeAt(0) | 0x20;
    if (c === 0x68) {
      // http: or https:
      const scheme = href.slice(0, 6).toLowerCase();
      return scheme.startsWith("http:") || scheme === "https:";
    }
    if (c === 0x74) return href.slice(0, 4).toLowerCase() === "tel:";
    if (c === 0x6d) return href.slice(0, 7).toLowerCase() === "mailto:";
    return false;
  }

  /**
   * The cheap first read of a page (content/main.js, docs/extension.md
   * "Performance"): the rendered text of the body (`innerText`: no style
   * read per element, no walk in JavaScript), the title, the language and
   * the links, as a scan with one role, or null when the page holds
   * anything this read cannot see, which then gets the full scan:
   * frames (same-origin ones hold text, cross-origin ones are evidence),
   * SVG text, a shadow root (open or closed) anywhere, style rules that
   * may add text with ::before/::after (or sheets that cannot be read),
   * a notice marker anywhere, in text or a link (shown or hidden: hidden
   * ones are counted),
   * more links or text than a scan carries. What it sends is a superset
   * of what the full scan would read as text, so the worker's "nothing
   * here" on it holds for the page; anything else leads to the full scan.
   */
  ns.quickRead = function quickRead(doc) {
    const root = doc.documentElement;
    const body = doc.body;
    if (!root || !body) return null;
    if (doc.querySelector("iframe, frame, object, embed, svg text, svg foreignObject")) return null;
    if (mayHavePseudoText(doc)) return null;
    const all = root.getElementsByTagName("*");
    for (let i = 0; i < all.length; i++) if (shadowOf(all[i])) return null;
    if (hasMarker(root.textContent ?? "")) return null;
    const anchors = doc.links;
    const text = body.innerText ?? "";
    // Blocks overlap, so no word or number is cut in two at a block's edge.
    const overlap = 256;
    const step = LIMITS.BLOCK_CHARS - overlap;
    if (text.length > LIMITS.TEXT_CHARS / 2 || Math.ceil(text.length / step) > LIMITS.BLOCKS) return null;
    const blocks = [];
    for (let at = 0; at < text.length; at += step) blocks.push({ role: "text", text: text.slice(at, at + LIMITS.BLOCK_CHARS) });
    // Every distinct link address (the full scan keeps the first 400 it
    // sees; here all must fit, or the page gets the full scan).
    const links = [];
    const seen = new Set();
    for (let i = 0; i < anchors.length; i++) {
      const a = anchors[i];
      const href = String(a.href ?? "").slice(0, LIMITS.LINK_CHARS);
      if (href.includes(MARKERS.TOKEN)) return null; // a notice link
      if (!linkKind(href) || seen.has(href)) continue;
      if (links.length >= LIMITS.LINKS) return null;
      seen.add(href);
      links.push({ href, text: (a.textContent ?? "").trim().slice(0, 512) });
    }
    return {
      title: (doc.title ?? "").slice(0, LIMITS.TITLE_CHARS),
      lang: (root.getAttribute("lang") ?? "").slice(0, 35),
      blocks,
      links,
      frames: [],
      notices: [],
      hiddenNotices: 0,
    };
  };

  ns.hasMarker = hasMarker;
  ns.shadowOf = shadowOf;
  ns.mayHavePseudoText = mayHavePseudoText;
  ns.linkKind = linkKind;
})();
