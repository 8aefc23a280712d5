// Keeps the page from being shown inside another site's frame.
//
// The server sends `frame-ancestors 'none'`, but a page copied to another
// host, or served by a server that drops the header, has no protection of
// its own, and `frame-ancestors` cannot be set from a <meta> tag. A framed
// verify page could be overlaid so that a customer's click or reading goes
// where the framing site wants (a fake result above the real one).
//
// So the pages start hidden (`<html hidden>`) and this classic script,
// loaded in <head> before anything is drawn, shows them only when they are
// the top-level page. When framed, it tries to take the top window to the
// page itself; if the browser refuses (a sandboxed or cross-origin frame
// without a user gesture), the page stays hidden. Pages that can be framed
// harmlessly simply do not load this script.
//
// Usage, in <head>, before any other script (with `defer` where the page
// should not wait for it to be fetched: the page stays hidden until it runs,
// and it still runs before any later deferred or module script):
//   <html lang="en" hidden>
//   <script src="frame-guard.js"></script>

(function frameGuard() {
  const root = document.documentElement;
  let framed;
  try {
    framed = window.top !== window.self;
  } catch {
    framed = true;
  }
  if (!framed) {
    root.hidden = false;
    return;
  }
  root.hidden = true;
  root.dataset.framed = "true";
  try {
    window.top.location.replace(window.self.location.href);
  } catch {
    // Refused: stay hidden.
  }
})();
