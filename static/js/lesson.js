// Lesson page enhancements: syntax highlighting, mermaid diagrams drawn in the page (re-drawn when
// the theme changes), and a table of contents folded away on narrow screens.

const diagrams = [...document.querySelectorAll("pre.mermaid")];
diagrams.forEach((el) => { el.dataset.source = el.textContent; });

function highlight() {
  if (!window.hljs) return;
  document.querySelectorAll("pre code[class*='language-']").forEach((el) => {
    const language = [...el.classList].find((c) => c.startsWith("language-")).slice("language-".length);
    if (window.hljs.getLanguage(language)) window.hljs.highlightElement(el);
  });
}

let mermaid;
async function drawDiagrams() {
  if (diagrams.length === 0) return;
  mermaid ??= (await import("/static/vendor/mermaid/mermaid.esm.min.mjs")).default;
  const dark = document.documentElement.getAttribute("data-theme") === "dark";
  mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "neutral", securityLevel: "strict", fontFamily: "inherit" });
  diagrams.forEach((el) => {
    el.removeAttribute("data-processed");
    el.textContent = el.dataset.source;
  });
  try {
    await mermaid.run({ nodes: diagrams });
    diagrams.forEach((el) => {
      const svg = el.querySelector("svg");
      if (svg) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", "Diagram: " + el.dataset.source.split("\n")[0].trim());
      }
    });
  } catch (error) {
    console.error("A diagram could not be drawn", error);
  }
}

const toc = document.querySelector(".toc details");
if (toc && window.matchMedia("(max-width: 60rem)").matches) toc.open = false;

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", highlight);
} else {
  highlight();
}
// Draws run one after another, so a quick theme toggle never races a draw in progress.
let drawing = Promise.resolve();
const redraw = () => { drawing = drawing.then(drawDiagrams); };
redraw();
document.addEventListener("themechange", redraw);
