// Runs in <head> before the page paints: apply the reader's saved theme (else the system's),
// then wire the toggle button once the page is there. Without JavaScript the system setting applies.
(function () {
  var KEY = "loadbearing.theme";
  var root = document.documentElement;
  var media = window.matchMedia("(prefers-color-scheme: dark)");

  function saved() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function current() {
    return saved() || (media.matches ? "dark" : "light");
  }
  function apply(theme) {
    var changed = root.getAttribute("data-theme") !== theme;
    root.setAttribute("data-theme", theme);
    var button = document.querySelector(".theme-toggle");
    if (button) {
      var dark = theme === "dark";
      button.setAttribute("aria-pressed", String(dark));
      button.setAttribute("aria-label", dark ? "Dark mode is on: switch to light mode" : "Light mode is on: switch to dark mode");
      button.title = dark ? "Switch to light mode" : "Switch to dark mode";
    }
    if (changed) document.dispatchEvent(new CustomEvent("themechange", { detail: { theme: theme } }));
  }

  apply(current());
  media.addEventListener("change", function () { if (!saved()) apply(current()); });
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    apply(current());
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: still switch for this page */ }
      apply(next);
    });
  });
})();
