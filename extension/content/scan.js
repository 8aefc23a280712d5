// The structured scan of a page: what the user can see, and nothing else.
//
//   scanDocument(root doc, {messageRoot})
//     walk (flat tree: closed shadow roots, slots, same-origin frames)
//       ├─ hidden subtree? ──► skipped; notice markers in it counted (hiddenNotices)
//       ├─ visible text nodes ─► grouped by their block element ─► blocks [{role, level, text}]
//       ├─ ::before / ::after content text ─► its own block
//       ├─ visible <a href> ─► links (http, https, tel, mailto)
//       └─ <iframe> ─► frames [{url, sameOrigin, coversPage}]; same-origin ones walked
//     blocks with a notice marker ─► notices [{text, before[]}]
//
// No HTML is built or parsed: the worker gets text and its role, and the
// Rust engine judges it. Work is cut into slices of SLICE_MS so a 10 MB page
// never blocks the page's own scripts for long; the scan stops at the
// limits in shared.js and says it was cut.
//
// Part of the full scan (full-scan.js), imported only into pages the cheap
// first read (quick-read.js) cannot settle. Written as a classic script, as
// every content script is: it adds one function to the isolated world's
// `COUNTERSIGN_CONTENT` namespace, invisible to the page.

(() => {
  "use strict";
  const { LIMITS, MARKERS } = globalThis.COUNTERSIGN_SHARED;
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});
  // From quick-read.js, which the first content script holds (this file
  // is loaded after it, only into pages that need the full scan).
  const { hasMarker, shadowOf, mayHavePseudoText, linkKind } = ns;

  const SLICE_MS = 4;
  // Text smaller than this many CSS pixels is not read by anyone.
  const MIN_FONT_PX = 4;
  // Elements smaller than this (both sides) show no readable text.
  const MIN_BOX_PX = 2;
  // A frame covering this share of the viewport is "the page".
  const COVERS_SHARE = 0.8;
  // Ancestor levels above a notice offered as candidate message bodies.
  const BEFORE_LEVELS = 5;

  // A token as written: the marker, then base64url and dots.
  const TOKEN_RE = new RegExp(`^${MARKERS.TOKEN.replace(/[.]/g, "\\.")}[A-Za-z0-9_\\-.]*`);

  // Stack entry type for an element's ::after text, read after its children.
  const AFTER = -1;

  const SKIP_TAGS = new Set([
    "SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "TITLE", "META", "LINK",
    "TEXTAREA", "INPUT", "SELECT", "OPTION", "OBJECT", "EMBED", "CANVAS", "AUDIO", "VIDEO",
  ]);

  const yieldToPage = () =>
    globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((r) => setTimeout(r, 0));

  function countMarkers(text) {
    let n = 0;
    for (const marker of [MARKERS.TOKEN, MARKERS.ARMOR_BEGIN]) {
      for (let at = text.indexOf(marker); at >= 0 && n < 1000; at = text.indexOf(marker, at + 1)) n++;
    }
    return n;
  }

  /** The role of a block element, as the engine names it. */
  function roleOf(el) {
    const tag = el.tagName;
    const aria = el.getAttribute("role");
    if (/^H[1-6]$/.test(tag)) return { role: "heading", level: Number(tag[1]) };
    if (aria === "heading") {
      const level = Number(el.getAttribute("aria-level"));
      return { role: "heading", level: level >= 1 && level <= 6 ? level : 2 };
    }
    if (tag === "BLOCKQUOTE") return { role: "quote" };
    if (tag === "LI" || aria === "listitem") return { role: "list-item" };
    if (tag === "BUTTON" || aria === "button") return { role: "button" };
    if (tag === "LABEL" || tag === "LEGEND") return { role: "label" };
    if (tag === "FIGCAPTION" || tag === "CAPTION") return { role: "caption" };
    if (tag === "PRE") return { role: "pre" };
    return { role: "text" };
  }

  const INLINE = new Set(["inline", "inline-block", "inline-flex", "inline-grid", "contents", "ruby", "ruby-text"]);

  const ASKED_AS_TEXT = new Set(["A", "IFRAME", "FRAME"]);

  // Inline boxes that flow with the text of their block.
  const FLOW_INLINE = new Set(["inline", "contents", "ruby", "ruby-text"]);

  /** Whether `el` has a text node child with more than white space. */
  function ownsText(el) {
    for (let child = el.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === Node.TEXT_NODE && /\S/.test(/** @type {Text} */ (child).data)) return true;
    }
    return false;
  }

  /**
   * The page's width and scroll offset in `view`, read once per scan: each
   * read costs about as much as the rest of an element's check, and a few
   * pixels of drift while the scan runs do not matter.
   */
  function viewMetrics(view) {
    return {
      docWidth: Math.max(view.document.documentElement.scrollWidth, view.innerWidth),
      scrollX: view.scrollX,
      scrollY: view.scrollY,
    };
  }

  /**
   * Why `el` cannot be seen, or "" when it can. `style` is its computed
   * style, `display` its display; ancestors were checked by the walk
   * already. Each computed-style read and each box read costs microseconds,
   * so an element is asked only what can hide text it shows:
   * - visibility, opacity (checkVisibility asks the ancestors), font size
   *   and colour: asked of the element holding the text (`text`), whose
   *   values are the ones the text is drawn with;
   * - the box (size, off-screen) is asked of every element but inline ones
   *   in normal flow, which are drawn inside their block's box (unless that
   *   box reaches past the page's edges: `wideBlocks`, `block` the
   *   element's block).
   */
  function hiddenReason(el, style, display, metrics, text, block, wideBlocks) {
    if (display === "none") return "display";
    if (text) {
      // Walks the ancestors too: an invisible or transparent container
      // hides the text of every element under it.
      if (typeof el.checkVisibility === "function" &&
          !el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: false })) {
        return "visibility";
      }
      if (parseFloat(style.fontSize) < MIN_FONT_PX) return "font-size";
      const color = style.color;
      if (color === "transparent" || /^rgba\(.*,\s*0\)$/.test(color)) return "color";
    }
    if (display === "contents") return "";
    const clipPath = style.clipPath;
    if (clipPath === "inset(50%)" || clipPath === "inset(100%)") return "clip";
    const position = style.position;
    const positioned = position === "absolute" || position === "fixed";
    if (positioned && style.clip === "rect(0px, 0px, 0px, 0px)") return "clip";
    // Inline text in normal flow is drawn inside its block, whose box was
    // asked already; only where that box reaches past the page's edges
    // (a negative margin widens it) can the inline part of it be outside.
    if (!positioned && position !== "relative" && FLOW_INLINE.has(display) && !wideBlocks.has(block)) return "";
    const rect = el.getBoundingClientRect();
    if (rect.width < MIN_BOX_PX && rect.height < MIN_BOX_PX) {
      // An empty inline box with visible children is fine; a clipped one is not.
      if (positioned || style.overflow !== "visible") return "size";
    }
    if (rect.right + metrics.scrollX <= 0 || rect.bottom + metrics.scrollY <= 0 ||
        rect.left + metrics.scrollX >= metrics.docWidth + 1000) {
      return "off-screen";
    }
    if (rect.left + metrics.scrollX < 0 || rect.top + metrics.scrollY < 0 || rect.right + metrics.scrollX > metrics.docWidth) {
      wideBlocks.add(el);
    }
    return "";
  }

  /** The text a ::before/::after pseudo-element adds, or "". */
  function pseudoText(el, which, view) {
    const content = view.getComputedStyle(el, which).content;
    if (!content || content === "none" || content === "normal") return "";
    // Quoted strings only (counters and attr() are rarely prose).
    const parts = content.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g) ?? [];
    return parts
      .map((p) => p.slice(1, -1).replace(/\\([0-9a-fA-F]{1,6}) ?/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16))).replace(/\\(.)/g, "$1"))
      .join("");
  }

  function normalise(text, pre) {
    return pre ? text.replace(/\r\n?/g, "\n").trim() : text.replace(/[ \t\r\n\f]+/g, " ").trim();
  }

  /** Whether `src` (a frame's address) is an http(s) URL of another origin than `view`'s. */
  function crossOrigin(src, view) {
    try {
      const url = new URL(String(src ?? ""), view.location.href);
      return /^https?:$/.test(url.protocol) && url.origin !== view.location.origin;
    } catch {
      return false;
    }
  }

  /**
   * Scans `doc`. With `only`, blocks and notices come from that element only
   * (the open webmail message); links and frames still from the whole page.
   * @returns {Promise<object>} the scan, without url (the worker sets it)
   */
  ns.scanDocument = async function scanDocument(doc, { only = null, skip = null } = {}) {
    const view = doc.defaultView;
    const scan = {
      title: (doc.title ?? "").slice(0, LIMITS.TITLE_CHARS),
      lang: (doc.documentElement?.getAttribute("lang") ?? "").slice(0, 35),
      blocks: [],
      links: [],
      frames: [],
      notices: [],
      hiddenNotices: 0,
      truncated: false,
    };
    let chars = 0;
    let sliceStart = performance.now();
    const blockEls = []; // element of each block, for notices
    /** @type {{el: Element, role: string, level?: number, parts: string[], pre: boolean} | null} */
    let current = null;
    const seenLinks = new Set();

    const flush = () => {
      if (!current) return;
      const text = normalise(current.parts.join(""), current.pre).slice(0, LIMITS.BLOCK_CHARS);
      if (text !== "" && scan.blocks.length < LIMITS.BLOCKS && chars < LIMITS.TEXT_CHARS) {
        const block = { role: current.role, text };
        if (current.level) block.level = current.level;
        scan.blocks.push(block);
        blockEls.push(current.el);
        chars += text.length;
      } else if (text !== "") {
        scan.truncated = true;
      }
      current = null;
    };
    const addText = (blockEl, text) => {
      if (current && current.el !== blockEl) flush();
      if (!current) {
        const { role, level } = roleOf(blockEl);
        current = { el: blockEl, role, level, parts: [], pre: role === "pre" || /^pre/.test(view.getComputedStyle(blockEl).whiteSpace) };
      }
      current.parts.push(text);
    };

    const inOnly = (node) => !only || only === node || only.contains(node) || node.contains?.(only);

    // Style scopes (documents, shadow roots) whose sheets may add text with
    // ::before/::after; the others are not asked.
    const pseudoScopes = new Map();
    const pseudoIn = (node) => {
      const root = node.getRootNode();
      if (!pseudoScopes.has(root)) pseudoScopes.set(root, mayHavePseudoText(root));
      return pseudoScopes.get(root);
    };

    // Depth-first walk over the flat tree, on three parallel stacks (no
    // array per node): the node, the block its text goes to, its window.
    const nodes = [doc.body ?? doc.documentElement];
    const blocks = [null];
    const views = [view];
    const metricsOf = new Map(); // window -> viewMetrics, read once
    let visited = 0;
    // Blocks whose box reaches past the page's edges: their inline
    // elements are asked for their own box.
    const wideBlocks = new Set();
    while (nodes.length > 0) {
      if (chars >= LIMITS.TEXT_CHARS || scan.blocks.length >= LIMITS.BLOCKS) {
        scan.truncated = true;
        break;
      }
      const node = nodes.pop();
      const parentBlock = blocks.pop();
      const nodeView = views.pop();
      if (!node) continue;
      if (node.nodeType === AFTER) {
        addText(node.blockEl, ` ${node.text}`);
        continue;
      }
      if (node.nodeType === Node.TEXT_NODE) {
        if (parentBlock && /\S/.test(node.data) && inOnly(node)) addText(parentBlock, node.data);
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const el = node;
      if (SKIP_TAGS.has(el.tagName) || el === skip) continue;
      if (el.tagName === "BR") {
        if (current) current.parts.push("\n");
        continue;
      }
      const style = nodeView.getComputedStyle(el);
      const display = style.display;
      let metrics = metricsOf.get(nodeView);
      if (!metrics) metricsOf.set(nodeView, (metrics = viewMetrics(nodeView)));
      const pseudo = pseudoIn(el);
      // Links and frames are asked as if they held text: what they point
      // to counts even when they show none.
      const text = pseudo || ASKED_AS_TEXT.has(el.tagName) || ownsText(el);
      const hidden = hiddenReason(el, style, display, metrics, text, parentBlock, wideBlocks);
      if (hidden !== "") {
        // Nothing under it is seen; a notice in it must not count.
        if (inOnly(el)) {
          scan.hiddenNotices += countMarkers((el.textContent ?? "").slice(0, LIMITS.BEFORE_CHARS));
          for (const a of el.querySelectorAll?.(`a[href*="${MARKERS.TOKEN}"]`) ?? []) {
            if (a.textContent && hasMarker(a.textContent)) continue; // counted above
            scan.hiddenNotices++;
          }
          if (el.tagName === "A" && (el.getAttribute("href") ?? "").includes(MARKERS.TOKEN)) scan.hiddenNotices++;
        }
        continue;
      }
      const isBlock = !INLINE.has(display);
      const blockEl = isBlock || !parentBlock ? el : parentBlock;
      // A block element starts a new block; inline ones continue the parent's.
      if (isBlock) flush();

      const before = pseudo ? pseudoText(el, "::before", nodeView) : "";
      if (before && inOnly(el)) addText(blockEl, before + " ");

      // Resolving a link's address costs more than the rest of its visit:
      // only for links still wanted, and for notices.
      const rawHref = el.tagName === "A" ? el.getAttribute("href") : null;
      if (rawHref && (scan.links.length < LIMITS.LINKS || rawHref.includes(MARKERS.TOKEN)) && el.href) {
        const href = String(el.href).slice(0, LIMITS.LINK_CHARS);
        const notice = href.includes(`#${MARKERS.TOKEN}`) && inOnly(el) && scan.notices.length < LIMITS.NOTICES;
        if (linkKind(href) && !seenLinks.has(href)) {
          // A notice's link is kept when the list is full (the engine reads
          // notices from the links): it takes the place of the last
          // ordinary link.
          if (scan.links.length >= LIMITS.LINKS && notice) {
            const last = scan.links.findLastIndex((l) => !l.href.includes(`#${MARKERS.TOKEN}`));
            if (last >= 0) scan.links.splice(last, 1);
          }
          if (scan.links.length < LIMITS.LINKS) {
            seenLinks.add(href);
            // innerText (what is shown) only where the link has markup inside.
            const text = el.firstElementChild ? el.innerText : el.textContent;
            scan.links.push({ href, text: normalise(text ?? "", false).slice(0, 512) });
          }
        }
        if (notice) scan.notices.push({ text: href, before: beforeTexts(el, href, true) });
      }

      if (el.tagName === "IFRAME" || el.tagName === "FRAME") {
        const rect = el.getBoundingClientRect();
        const area = Math.max(1, nodeView.innerWidth * nodeView.innerHeight);
        const covered = Math.max(0, Math.min(rect.right, nodeView.innerWidth) - Math.max(rect.left, 0)) *
          Math.max(0, Math.min(rect.bottom, nodeView.innerHeight) - Math.max(rect.top, 0));
        let inner;
        try {
          inner = el.contentDocument;
        } catch {
          inner = null;
        }
        // A frame whose address is another origin's is cross-origin even
        // while it still shows its initial about:blank (Firefox may scan
        // then), and even where Firefox would let a content script read it.
        if (inner && crossOrigin(el.src, nodeView)) inner = null;
        if (scan.frames.length < LIMITS.FRAMES) {
          scan.frames.push({
            url: String(el.src || "about:blank").slice(0, LIMITS.LINK_CHARS),
            sameOrigin: inner !== null,
            coversPage: covered / area >= COVERS_SHARE,
          });
        }
        if (inner?.body && inner.defaultView) {
          flush();
          nodes.push(inner.body);
          blocks.push(null);
          views.push(inner.defaultView);
        }
        continue;
      }

      // ::after comes after the children: push a marker entry first.
      const after = pseudo ? pseudoText(el, "::after", nodeView) : "";
      if (after && inOnly(el)) {
        nodes.push({ nodeType: AFTER, text: after, blockEl });
        blocks.push(null);
        views.push(nodeView);
      }

      const root = shadowOf(el);
      let children;
      if (root) children = root.childNodes;
      else if (el.tagName === "SLOT") children = el.assignedNodes({ flatten: true });
      else children = el.childNodes;
      for (let i = children.length - 1; i >= 0; i--) {
        nodes.push(children[i]);
        blocks.push(blockEl);
        views.push(nodeView);
      }

      // The clock is read every few elements: reading it costs too.
      if ((++visited & 15) === 0 && performance.now() - sliceStart > SLICE_MS) {
        await yieldToPage();
        sliceStart = performance.now();
      }
    }
    flush();
    collectNotices(scan, blockEls);
    return scan;
  };

  /**
   * The text before a notice in its element and a few ancestors: the
   * candidate bodies of the message the notice signs.
   */
  function beforeTexts(el, noticeText, isLink) {
    const out = [];
    let node = el;
    for (let level = 0; node && level < BEFORE_LEVELS && out.length < LIMITS.NOTICE_BEFORE; level++) {
      const text = (node.innerText ?? "").slice(0, LIMITS.BEFORE_CHARS);
      let at;
      if (isLink) {
        const linkText = (el.innerText ?? "").trim();
        at = node === el || linkText === "" ? -1 : text.lastIndexOf(linkText);
      } else {
        at = Math.min(...[MARKERS.ARMOR_BEGIN, MARKERS.TOKEN].map((m) => {
          const i = text.indexOf(m);
          return i < 0 ? Infinity : i;
        }));
        if (at !== Infinity) {
          // Include the armor's leading dashes in what is cut off.
          const lineStart = text.lastIndexOf("\n", at);
          if (text.slice(lineStart + 1, at).trim().replace(/-/g, "") === "") at = lineStart + 1;
        }
      }
      if (at !== Infinity && at >= 0) {
        const before = text.slice(0, at);
        if (before.trim() !== "" && !out.includes(before)) out.push(before);
      }
      if (node.tagName === "BODY") break;
      node = node.parentElement;
    }
    return out;
  }

  /** The notice's own text within its block: the token, or the armored block. */
  function noticeText(blockText, el) {
    const armorAt = blockText.indexOf(MARKERS.ARMOR_BEGIN);
    if (armorAt >= 0) {
      const start = Math.max(0, blockText.lastIndexOf("-----", armorAt) >= armorAt - 6 ? armorAt - 5 : armorAt);
      let full = blockText.slice(start);
      // The block may end before the armor does: climb to the element holding it.
      if (!full.includes(MARKERS.ARMOR_END)) {
        let node = el;
        for (let i = 0; node && i < 8 && !(node.innerText ?? "").includes(MARKERS.ARMOR_END); i++) node = node.parentElement;
        const text = node?.innerText ?? "";
        const at = text.indexOf(MARKERS.ARMOR_BEGIN);
        if (at >= 0) full = text.slice(Math.max(0, at - 5));
      }
      const end = full.indexOf(MARKERS.ARMOR_END);
      return (end >= 0 ? full.slice(0, end + MARKERS.ARMOR_END.length + 5) : full).slice(0, LIMITS.NOTICE_CHARS);
    }
    const at = blockText.indexOf(MARKERS.TOKEN);
    const match = blockText.slice(at).match(TOKEN_RE);
    // A verify link written as text: keep the link, its host matters.
    const wordStart = Math.max(blockText.lastIndexOf(" ", at), blockText.lastIndexOf("\n", at)) + 1;
    if (blockText[at - 1] === "#" && /^https?:\/\//i.test(blockText.slice(wordStart, at))) {
      return blockText.slice(wordStart, at + (match ? match[0].length : 0)).slice(0, LIMITS.NOTICE_CHARS);
    }
    return (match ? match[0] : blockText.slice(at, at + LIMITS.NOTICE_CHARS)).slice(0, LIMITS.NOTICE_CHARS);
  }

  function collectNotices(scan, blockEls) {
    for (let i = 0; i < scan.blocks.length && scan.notices.length < LIMITS.NOTICES; i++) {
      const block = scan.blocks[i];
      if (!hasMarker(block.text)) continue;
      const text = noticeText(block.text, blockEls[i]);
      if (scan.notices.some((n) => n.text === text)) continue;
      scan.notices.push({ text, before: beforeTexts(blockEls[i], text, false) });
    }
  }

})();
