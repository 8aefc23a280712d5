// Runs before the page's other scripts: where the browser has the
// Navigation API, its navigate listener comes first and stops the event, so
// that no listener added after it hears of a push.
if (typeof navigation !== "undefined") {
  navigation.addEventListener("navigate", (event) => event.stopImmediatePropagation());
}
