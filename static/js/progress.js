// Progress: which quiz questions were answered right and which exercises passed. A guest keeps it
// in this browser; a signed-in learner keeps it on the server. Right after signing up or in, the
// progress and code drafts this browser kept as a guest move into the account, once.
// Elements with data-progress-items="quiz:a/q1 exercise:b" show "1 of 2 done".
const KEY = "loadbearing.progress";
const DRAFT_PREFIX = "loadbearing.draft.";
const token = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
export const signedIn = document.querySelector('meta[name="learner"]')?.content === "account";
let account = null; // the signed-in learner's progress, as the server last sent it

function loadLocal() {
  try { return JSON.parse(localStorage.getItem(KEY)) ?? { done: {} }; } catch (e) { return { done: {} }; }
}

function load() {
  return account ?? (signedIn ? { done: {} } : loadLocal());
}

async function sendProgress(body) {
  const response = await fetch("/api/me/progress", {
    method: body ? "POST" : "GET",
    headers: { Accept: "application/json", "X-CSRF-Token": token, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return response.json();
}

/** The drafts this browser kept as a guest: keys loadbearing.draft.{exercise}.{version}. */
function guestDrafts() {
  const drafts = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (!key?.startsWith(DRAFT_PREFIX)) continue;
      const rest = key.slice(DRAFT_PREFIX.length);
      const dot = rest.indexOf(".");
      const files = JSON.parse(localStorage.getItem(key));
      if (dot > 0 && files) drafts.push({ key, exercise: rest.slice(0, dot), version: rest.slice(dot + 1), files });
    }
  } catch (e) { /* storage blocked or a draft unreadable: nothing to move */ }
  return drafts;
}

async function syncAccount() {
  const done = loadLocal().done;
  const drafts = guestDrafts();
  if (Object.keys(done).length || drafts.length) {
    account = await sendProgress({ done, drafts: drafts.map(({ exercise, version, files }) => ({ exercise, version, files })) });
    try {
      localStorage.removeItem(KEY);
      drafts.forEach((d) => localStorage.removeItem(d.key));
    } catch (e) { /* storage blocked */ }
  } else {
    account = await sendProgress();
  }
  render();
}

/** Settles once a signed-in learner's guest work has moved and their progress has arrived. */
export const ready = signedIn ? syncAccount().catch(() => { /* offline: the page still reads */ }) : Promise.resolve();

export function isDone(item) {
  return !!load().done[item];
}

export function markDone(item) {
  const when = new Date().toISOString();
  if (signedIn) {
    account = account ?? { done: {} };
    account.done[item] ??= when;
    sendProgress({ done: { [item]: when } }).then((body) => { account = body; render(); }).catch(() => { /* kept for this page */ });
  } else {
    const progress = loadLocal();
    progress.done[item] = when;
    try { localStorage.setItem(KEY, JSON.stringify(progress)); } catch (e) { /* storage full or blocked */ }
  }
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
