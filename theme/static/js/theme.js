// Light or dark: follows the system setting until the reader chooses, then
// remembers the choice. Without JavaScript the system setting holds.
(function () {
  "use strict";
  var root = document.documentElement;
  var key = "theme";
  try {
    var stored = localStorage.getItem(key);
    if (stored === "light" || stored === "dark") root.setAttribute("data-theme", stored);
  } catch (e) { /* storage blocked: follow the system */ }
  var button = document.querySelector(".theme-toggle");
  if (!button) return;
  function current() {
    return root.getAttribute("data-theme") ||
      (window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }
  // The label names what a press does, in the current state.
  function show() { button.textContent = current() === "dark" ? "Light theme" : "Dark theme"; }
  button.hidden = false;
  show();
  button.addEventListener("click", function () {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try { localStorage.setItem(key, next); } catch (e) { /* not remembered */ }
    show();
  });
})();
