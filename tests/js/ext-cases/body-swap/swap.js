// After the extension's first scan, the page replaces its whole body.
setTimeout(() => {
  const body = document.createElement("body");
  const h1 = document.createElement("h1");
  h1.textContent = "Northwind Security Technical Support";
  const p = document.createElement("p");
  p.textContent = "Your Northwind Antivirus has expired. Call the official Northwind Security helpline now: +1 (888) 555-0199. A technician will connect with AnyDesk.";
  body.append(h1, p);
  document.documentElement.replaceChild(body, document.body);
}, 2500);
