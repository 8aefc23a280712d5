// Traps the back button, as tech-support-scam pages do.
for (let i = 0; i < 25; i++) history.pushState({ i }, "");
