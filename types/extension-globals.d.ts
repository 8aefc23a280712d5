// Globals the extension's classic content scripts share in their isolated
// world (never visible to the page), and browser APIs newer than the DOM
// typings in use. Type-checking only; nothing here is shipped.

declare var COUNTERSIGN_SHARED: {
  MSG: { PAGE_SCAN: string; PAGE_UI: string };
  LIMITS: Record<string, number>;
  MARKERS: { TOKEN: string; ARMOR_BEGIN: string; ARMOR_END: string };
  BLOCK_ROLES: readonly string[];
  BEHAVIOURS: readonly string[];
  HIGHLIGHTS: { UNOFFICIAL: string; VERIFIED: string };
};

// The content scripts' namespace (content/*.js, webmail/*.js).
declare var COUNTERSIGN_CONTENT: any;

interface Document {
  caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null;
}
