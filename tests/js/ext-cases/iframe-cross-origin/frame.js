// The scam itself comes from another origin, framed over the whole page.
document.getElementById("frame").src = `https://northwind-helpline.com:${location.port}/iframe-cross-origin/inner.html`;
