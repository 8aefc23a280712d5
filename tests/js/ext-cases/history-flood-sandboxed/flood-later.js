// Traps the back button a while after loading, when the extension's first
// read is done: only its checks after load can see this.
setTimeout(() => {
  for (let i = 0; i < 12; i++) history.pushState({ i }, "");
}, 4000);
