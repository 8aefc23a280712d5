// The message arrives after load, as in the real client; set as text.
const body = document.getElementById("body");
for (const paragraph of `{{callBody}}`.split("\n\n")) {
  const div = document.createElement("div");
  div.textContent = paragraph;
  body.append(div);
}
document.getElementById("notice").textContent = `{{call.armor}}`;
