// The class dashboard fills as learners submit: every few seconds it fetches itself and swaps in
// the new tables, unless the reader is interacting with them (a focused link, a selection).
const main = document.querySelector("main[data-refresh]");
const seconds = Number(main?.dataset.refresh ?? 0);
if (seconds > 0) {
  setInterval(async () => {
    const tables = document.getElementById("class-tables");
    if (!tables || tables.contains(document.activeElement) || String(window.getSelection())) return;
    try {
      const response = await fetch(window.location.href, { headers: { Accept: "text/html" } });
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("class-tables");
      if (fresh) tables.replaceWith(fresh);
    } catch (e) { /* offline for a moment: try again next time */ }
  }, seconds * 1000);
}
