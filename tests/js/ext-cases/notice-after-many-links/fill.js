// 450 ordinary links before the message, more than the scan keeps.
const list = document.getElementById("links");
for (let i = 0; i < 450; i++) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = `/news/${i}`;
  link.textContent = `Story ${i}`;
  item.append(link);
  list.append(item);
}
