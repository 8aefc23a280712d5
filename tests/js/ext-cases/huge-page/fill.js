// About 10 MB of text in 20 000 paragraphs, added after the claim.
const filler = document.getElementById("filler");
const line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(9);
const fragment = document.createDocumentFragment();
for (let i = 0; i < 20000; i++) {
  const p = document.createElement("p");
  p.textContent = `${i} ${line}`;
  fragment.append(p);
}
filler.append(fragment);
window.__filled = document.body.textContent.length;
