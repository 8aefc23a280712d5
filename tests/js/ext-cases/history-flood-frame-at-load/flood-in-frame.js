// Traps the back button from inside a frame as it loads, before the top
// page is idle: each push adds an entry to the tab's one session history,
// and the top document's `navigation` hears of none of them.
for (let i = 0; i < 12; i++) history.pushState({ i }, "");
