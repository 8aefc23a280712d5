// What a tech-support scam page does, made harmless for the demo: on the
// first click it asks for full screen and sounds an alarm (a tone made by
// Web Audio, no file). Esc leaves full screen, as the browser always allows;
// nothing is locked, no dialog loops, no history flooding.
(() => {
  "use strict";
  let audio = null;
  let timer = 0;

  function beep() {
    if (!audio) return;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = "square";
    tone.frequency.value = 880;
    gain.gain.value = 0.05;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.35);
  }

  function start() {
    if (timer) return;
    document.body.classList.add("alarm");
    document.documentElement.requestFullscreen?.().catch(() => {});
    try {
      audio = new AudioContext();
    } catch {
      audio = null;
    }
    beep();
    timer = setInterval(beep, 700);
  }

  function stop(event) {
    event?.stopPropagation();
    clearInterval(timer);
    timer = 0;
    audio?.close();
    audio = null;
    document.body.classList.remove("alarm");
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }

  document.getElementById("stop").addEventListener("click", stop);
  document.getElementById("screen").addEventListener("click", start);
  document.addEventListener("fullscreenchange", () => {
    if (!document.fullscreenElement) stop();
  });
})();
