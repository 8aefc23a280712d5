// The first click anywhere takes the whole screen, and takes it again
// whenever it is left.
window.__fullscreens = 0;
document.getElementById("go").addEventListener("click", () => {
  document.documentElement.requestFullscreen().then(() => window.__fullscreens++, () => {});
});
