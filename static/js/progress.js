// A guest's progress, kept in this browser: which quiz questions were answered right and which
// exercises passed. Elements with data-progress-items="quiz:a/q1 exercise:b" show "1 of 2 done".
const KEY = "loadbearing.progress";

function load() {
  try { return JSON.parse(localStorage.getItem(KEY)) ?? { done: {} }; } catch (e) { return { done: {} }; }
}

export function isDone(item) {
  return !!load().done[item];
}

export function markDone(item) {
  const progress = load();
  progress.done[item] = new Date().toISOString();
  try { localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* storage full or blocked */ }
  render();
}

export function render() {
  const done = load().done;
  for (const el of document.querySelectorAll("[data-progress-items]")) {
    const items = el.dataset.progressItems.split(" ").filter(Boolean);
    const finished = items.filter((item) => done[item]).length;
    el.hidden = items.length === 0;
    el.classList.toggle("is-complete", finished === items.length);
    el.textContent = finished === items.length ? `✓ all ${items.length} done` : `${finished} of ${items.length} done`;
    el.setAttribute("aria-label", `Progress: ${finished} of ${items.length} questions and exercises done`);
  }
}

render();
