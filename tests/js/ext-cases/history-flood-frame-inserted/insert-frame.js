// A page with no frame when it is first read adds one later; the frame
// floods as it loads (flood-in-frame.js), before its load event.
setTimeout(() => {
  const frame = document.createElement("iframe");
  frame.src = "frame.html";
  frame.title = "Scan progress";
  document.body.append(frame);
}, 4000);
