// A DOM change every 10 ms, forever.
let n = 0;
setInterval(() => {
  document.getElementById("clock").textContent = `Session ${n++}`;
}, 10);
