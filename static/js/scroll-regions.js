// Blocks that scroll sideways (code, wide diagrams and tables) must be reachable by keyboard, or a
// keyboard user cannot read their hidden part: each one that overflows gets tabindex="0" and a
// name; one that stops overflowing (a wider window) gives them back.
const SCROLLERS = "pre, .prose table";

function label(el) {
  if (el.matches("pre.mermaid")) return "Diagram (scrolls sideways)";
  if (el.matches("table")) return "Table (scrolls sideways)";
  const language = [...(el.querySelector("code")?.classList ?? [])].find((c) => c.startsWith("language-"));
  return (language ? language.slice("language-".length).replace(/^./, (c) => c.toUpperCase()) + " code" : "Code") + " (scrolls sideways)";
}

function update() {
  for (const el of document.querySelectorAll(SCROLLERS)) {
    const overflows = el.scrollWidth > el.clientWidth + 1;
    if (overflows && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", label(el));
      el.dataset.scrollRegion = "";
    } else if (!overflows && "scrollRegion" in el.dataset) {
      ["tabindex", "role", "aria-label", "data-scroll-region"].forEach((a) => el.removeAttribute(a));
    }
  }
}

let queued = false;
function schedule() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => { queued = false; update(); });
}

// Code is highlighted, diagrams drawn and results shown after load, so changes are watched too.
new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
window.addEventListener("resize", schedule);
schedule();
