// Floods from inside a frame a while after the page loaded, then holds the
// page's main thread for eight seconds, as a dialog held open would: every
// timer of the page waits, so the next look at history.length comes long
// after the flood began.
setTimeout(() => {
  for (let i = 0; i < 12; i++) history.pushState({ i }, "");
  const until = Date.now() + 8000;
  while (Date.now() < until) {
    // busy
  }
}, 4000);
