// Holds the page's load event back for about seven and a half seconds: an
// image answered late, then another added while the first still loads.
setTimeout(() => {
  const image = document.createElement("img");
  image.src = "frame.html?delay=5000&second";
  image.alt = "";
  document.body.append(image);
}, 2500);
