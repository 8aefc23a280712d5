// What the extension shows over a page, and why a page cannot fake or hide it.
//
//   host <div popover> (top layer, inline !important styles)
//     └─ closed shadow root
//          ├─ <iframe tip.html>          the Safety Tip (suspicious pages)
//          └─ <iframe tip.html?mark=N>   the note of the mark under the
//                                        pointer or focus
//   CSS.highlights  "countersign-unofficial" / "countersign-verified"
//                   ranges over the page's own text, styled by MARK_STYLES
//                   (a constructed stylesheet adopted by the document when
//                   the first mark is drawn): no element added to the page
//
// Why an extension-origin iframe inside a closed shadow root, rather than
// the shadow root alone: the page's scripts cannot read or script a
// cross-origin frame, so the user's security seal (only ever drawn by the
// extension's pages) and the buttons stay out of the page's reach; its
// clicks are real clicks in the extension's origin, and a page cannot
// synthesise them. The shadow root is closed so the page cannot reach the
// frame element to move or resize it, and the host sits in the top layer
// (popover) so no z-index covers it. The page can still delete the host
// element: it is put back (MAX_RESTORES times), and a page that keeps
// deleting it has the tip shown as a full-tab warning instead (the worker
// is told: `tampered`). A page that draws its own imitation has no seal.

(() => {
  "use strict";
  const { HIGHLIGHTS } = globalThis.COUNTERSIGN_SHARED;
  const ns = (globalThis.COUNTERSIGN_CONTENT ??= {});

  const MAX_RESTORES = 3;
  const TIP_SIZE = { width: 380, height: 230 };
  const MARK_SIZE = { width: 340, height: 160 };

  let host = null;
  let shadow = null;
  let tipFrame = null;
  let markFrame = null;
  let markShown = -1;
  let restores = 0;
  let marks = []; // [{range, index}]
  let guard = null;

  // The marks' colours. Adopted only when there is something to mark: a
  // stylesheet declared in the manifest was injected into every page and
  // made the browser restyle the whole document at load, on pages that
  // mostly never get a mark. `::highlight()` rules only apply from the
  // document's own sheets, so this one cannot live in the shadow root.
  const MARK_STYLES = `
::highlight(countersign-unofficial) {
  background-color: #ffd7d4;
  color: #8c1d18;
  text-decoration: underline wavy #b3261e 2px;
}
::highlight(countersign-verified) {
  background-color: #d6f0dc;
  color: #0b5c24;
  text-decoration: underline solid #1e7e34 2px;
}`;
  /** @type {CSSStyleSheet | null} */
  let markSheet = null;

  /** Adopts MARK_STYLES into the document (again, if the page dropped it). */
  function ensureMarkStyles() {
    try {
      if (!markSheet) {
        markSheet = new CSSStyleSheet();
        markSheet.replaceSync(MARK_STYLES);
      }
      const sheets = document.adoptedStyleSheets;
      if (!sheets.includes(markSheet)) document.adoptedStyleSheets = [...sheets, markSheet];
    } catch {
      // A browser that refuses the sheet: the marks are drawn in the
      // browser's default highlight colours, and their notes still show on
      // hover and focus.
    }
  }

  // main.js, which runs first, may have set these already: this file is
  // loaded later, with the full scan.
  ns.tampered ??= false;
  /** Called when the page removes the extension's UI (main.js rescans). */
  ns.onTamper ??= () => {};

  const important = (el, styles) => {
    for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, "important");
  };

  function ensureHost() {
    if (host && host.isConnected) return;
    if (host && !host.isConnected) {
      restores++;
      if (restores > MAX_RESTORES) {
        ns.tampered = true;
        ns.onTamper();
        return;
      }
    }
    host = document.createElement("div");
    ns.uiHost = host;
    important(host, {
      all: "initial",
      display: "block",
      position: "fixed",
      inset: "0",
      width: "100vw",
      height: "100vh",
      margin: "0",
      padding: "0",
      border: "0",
      background: "transparent",
      overflow: "visible",
      "pointer-events": "none",
      visibility: "visible",
      opacity: "1",
    });
    host.setAttribute("popover", "manual");
    shadow = host.attachShadow({ mode: "closed" });
    document.documentElement.append(host);
    host.showPopover?.();
    tipFrame = null;
    markFrame = null;
  }

  function frame(src, size) {
    const iframe = document.createElement("iframe");
    iframe.src = src;
    // The frame's own page says what it is to assistive technology.
    iframe.title = "Countersign";
    important(iframe, {
      position: "fixed",
      width: `${size.width}px`,
      height: `${size.height}px`,
      border: "0",
      "border-radius": "8px",
      "box-shadow": "0 4px 16px rgba(0,0,0,.35)",
      "pointer-events": "auto",
      "color-scheme": "normal",
      background: "transparent",
      display: "block",
      visibility: "visible",
      opacity: "1",
    });
    shadow.append(iframe);
    return iframe;
  }

  /** Keeps the UI present and on top while it is needed. */
  function startGuard() {
    if (guard) return;
    guard = setInterval(() => {
      if (ns.tampered) {
        // The worker has been told; the full-tab warning takes over.
        clearInterval(guard);
        return;
      }
      if (!tipFrame && markShown < 0) return;
      if (!host?.isConnected) {
        const hadTip = !!tipFrame;
        ensureHost();
        if (hadTip && shadow && !ns.tampered) showTip();
        return;
      }
      // Another element entered the top layer after ours: go back on top.
      const others = document.querySelectorAll(":popover-open, dialog:modal");
      if (others.length > 1 || (others.length === 1 && others[0] !== host) || document.fullscreenElement) {
        try {
          host.hidePopover();
          host.showPopover();
        } catch {
          // Not supported: the inline styles still apply.
        }
      }
    }, 500);
  }

  function showTip() {
    ensureHost();
    if (!shadow || tipFrame) return;
    tipFrame = frame(chrome.runtime.getURL("tip.html"), TIP_SIZE);
    important(tipFrame, { top: "12px", right: "12px" });
    startGuard();
  }

  function hideTip() {
    tipFrame?.remove();
    tipFrame = null;
  }

  function showMark(index, rect) {
    ensureHost();
    if (!shadow) return;
    if (markShown === index && markFrame) return;
    markFrame?.remove();
    markFrame = frame(chrome.runtime.getURL(`tip.html?mark=${index}`), MARK_SIZE);
    const top = rect.bottom + 6 + MARK_SIZE.height < innerHeight ? rect.bottom + 6 : Math.max(0, rect.top - MARK_SIZE.height - 6);
    const left = Math.min(Math.max(0, rect.left), Math.max(0, innerWidth - MARK_SIZE.width - 8));
    important(markFrame, { top: `${top}px`, left: `${left}px` });
    markShown = index;
    startGuard();
  }

  function hideMark() {
    markFrame?.remove();
    markFrame = null;
    markShown = -1;
  }

  /** Ranges of each occurrence of `text` in the page's visible text nodes. */
  function rangesOf(text) {
    const ranges = [];
    if (!text || text.length < 3 || !document.body) return ranges;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    /** @type {Text} */
    let node;
    let visited = 0;
    while ((node = /** @type {Text} */ (walker.nextNode())) && ranges.length < 20 && visited++ < 200_000) {
      if (host && host.contains(node)) continue;
      let at = node.data.indexOf(text);
      while (at >= 0 && ranges.length < 20) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        ranges.push(range);
        at = node.data.indexOf(text, at + text.length);
      }
    }
    return ranges;
  }

  function setHighlights(unofficial, verified) {
    marks = [];
    if (typeof Highlight !== "function" || !CSS.highlights) return;
    const bad = [];
    const good = [];
    unofficial.forEach((m, index) => {
      for (const range of rangesOf(m.text)) {
        bad.push(range);
        marks.push({ range, index });
      }
    });
    verified.forEach((v) => {
      for (const range of rangesOf(v.text)) {
        good.push(range);
        marks.push({ range, index: v.index });
      }
    });
    // Registered only when there is something to mark: on every other page
    // the registry stays as the page left it.
    /** @param {string} name @param {Range[]} ranges */
    const register = (name, ranges) => {
      if (ranges.length > 0) CSS.highlights.set(name, new Highlight(...ranges));
      else CSS.highlights.delete(name);
    };
    if (bad.length > 0 || good.length > 0) ensureMarkStyles();
    register(HIGHLIGHTS.UNOFFICIAL, bad);
    register(HIGHLIGHTS.VERIFIED, good);
  }

  function markAt(node, offset) {
    for (const m of marks) {
      try {
        if (m.range.isPointInRange(node, offset)) return m;
      } catch {
        // A range in another document.
      }
    }
    return null;
  }

  let pointerTimer = 0;
  function onPointer(event) {
    if (marks.length === 0 || pointerTimer) return;
    pointerTimer = setTimeout(() => {
      pointerTimer = 0;
      const pos = document.caretPositionFromPoint?.(event.clientX, event.clientY);
      const range = pos ? null : document.caretRangeFromPoint?.(event.clientX, event.clientY);
      const node = pos?.offsetNode ?? range?.startContainer;
      const offset = pos?.offset ?? range?.startOffset ?? 0;
      const mark = node ? markAt(node, offset) : null;
      if (mark) showMark(mark.index, mark.range.getBoundingClientRect());
      else if (markShown >= 0) hideMark();
    }, 80);
  }

  function onFocus(event) {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const mark = marks.find((m) => target.contains(m.range.startContainer));
    if (mark) showMark(mark.index, mark.range.getBoundingClientRect());
    else if (markShown >= 0) hideMark();
  }

  let listening = false;
  /**
   * Applies what the worker asked for: `{tip, marks, verified}`.
   * `marks`: unofficial contacts `{text}` (index = position, for tip.html);
   * `verified`: `{text, index}` notices shown where they stand.
   */
  ns.applyPageUi = (ui) => {
    if (ui.tip) showTip();
    else hideTip();
    setHighlights(Array.isArray(ui.marks) ? ui.marks : [], Array.isArray(ui.verified) ? ui.verified : []);
    if (marks.length > 0 && !listening) {
      listening = true;
      document.addEventListener("mousemove", onPointer, { passive: true, capture: true });
      document.addEventListener("focusin", onFocus, true);
    }
    if (marks.length === 0) hideMark();
  };
})();
