// Traps the back button from inside a frame, a while after the top page
// loaded: each push adds an entry to the tab's one session history, and the
// top document's `navigation` hears of none of them.
setTimeout(() => {
  for (let i = 0; i < 12; i++) history.pushState({ i }, "");
}, 4000);
