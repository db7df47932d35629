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
let drawn = 0;
/**
 * Draws every diagram off-page and swaps each in when it is ready: until then (and if drawing
 * fails) the reader sees the diagram's source, never an empty box. Diagrams keep mermaid's own
 * text size where they fit and shrink to at most three quarters of it where they do not; a wider
 * one scrolls sideways.
 */
async function drawDiagrams() {
  if (diagrams.length === 0) return;
  mermaid ??= (await import("/static/vendor/mermaid/mermaid.esm.min.mjs")).default;
  const dark = document.documentElement.getAttribute("data-theme") === "dark";
  const fit = { useMaxWidth: false };
  mermaid.initialize({
    startOnLoad: false, theme: dark ? "dark" : "neutral", securityLevel: "strict", fontFamily: "inherit",
    // Dark mode's default edge-label box (#585858 behind #ccc text) is too low in contrast to read.
    themeVariables: dark ? { edgeLabelBackground: "#1c232c" } : {},
    flowchart: fit, sequence: fit, state: fit, class: fit, er: fit, gantt: fit, journey: fit, timeline: fit,
  });
  for (const el of diagrams) {
    try {
      const { svg } = await mermaid.render(`diagram-${++drawn}`, el.dataset.source);
      el.innerHTML = svg;
      el.setAttribute("data-processed", "true");
      const drawing = el.querySelector("svg");
      const width = drawing.viewBox?.baseVal?.width || drawing.getBBox().width;
      drawing.setAttribute("role", "img");
      drawing.setAttribute("aria-label", "Diagram: " + el.dataset.source.split("\n")[0].trim());
      drawing.removeAttribute("width");
      drawing.style.width = "100%";
      drawing.style.maxWidth = `${width}px`;
      drawing.style.minWidth = `${Math.round(width * 0.75)}px`;
    } catch (error) {
      el.textContent = el.dataset.source;
      console.error("A diagram could not be drawn", error);
    }
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
