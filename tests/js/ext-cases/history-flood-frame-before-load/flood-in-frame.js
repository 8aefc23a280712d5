// Traps the back button from inside the frame six seconds in: after the
// extension's first look at the page, before the page's load event.
setTimeout(() => {
  for (let i = 0; i < 12; i++) history.pushState({ i }, "");
}, 6000);
