// Scam text where document.body.innerText does not see it.
const root = document.getElementById("host").attachShadow({ mode: "closed" });
const h1 = document.createElement("h1");
h1.textContent = "Northwind Security Technical Support";
const p = document.createElement("p");
p.textContent = "Your Northwind Antivirus has expired. Call the official Northwind Security helpline now: +1 (888) 555-0199. A technician will connect with AnyDesk.";
root.append(h1, p);
