// Hides its frame in a closed shadow root: frames there are not counted in
// window.length, and the frame's load event does not leave the shadow tree.
const root = document.getElementById("progress").attachShadow({ mode: "closed" });
const frame = document.createElement("iframe");
frame.src = "frame.html";
frame.title = "Scan progress";
root.append(frame);
