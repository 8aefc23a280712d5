// The full scan, loaded by the first content script (content/main.js) with
// import() only into pages its cheap read cannot settle. A module imported
// from a content script runs in that script's isolated world, so these
// files share its COUNTERSIGN_CONTENT namespace and chrome.* APIs; they run
// once, in this order (content/full.js last: it uses the others).
//
// Why import() rather than the worker injecting them
// (chrome.scripting.executeScript): injection needs host permissions for
// every site besides the content scripts' matches, which would also let the
// worker fetch any site with the user's cookies. import() needs only these
// files to be web-accessible (manifest.json), and they hold nothing secret:
// a page that loads them learns that the extension is installed, which
// tip.html tells it already.

import "./webmail/registry.js";
import "./webmail/gmail.js";
import "./webmail/outlook.js";
import "./webmail/yahoo.js";
import "./content/scan.js";
import "./content/page-ui.js";
import "./content/full.js";
