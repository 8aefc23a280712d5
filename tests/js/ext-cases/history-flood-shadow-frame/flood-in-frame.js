// Traps the back button from inside the hidden frame, a while after the top
// page loaded: the top document's `navigation` hears of none of the pushes.
setTimeout(() => {
  for (let i = 0; i < 12; i++) history.pushState({ i }, "");
}, 4000);
