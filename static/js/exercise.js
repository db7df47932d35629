// Exercise cards: the server renders each card with the starter code readable without JavaScript;
// this script turns it into an editor with Run, Submit, Reset, hints and the results panel.
// The API: GET /api/exercises/{id}, POST .../runs and .../submissions, GET .../hints/{n}, GET .../solution,
// and for signed-in learners GET/PUT/DELETE .../draft (guests keep drafts in this browser).
import { createEditor } from "/static/vendor/editor.min.js";
import { markDone, ready, signedIn } from "./progress.js";

const token = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const STATUS_WORDS = {
  passed: "All tests passed",
  failed: "Some tests failed",
  compile_error: "The code does not compile",
  rejected: "The code uses something exercises do not allow",
  timeout: "The code ran out of time",
  error: "Grading failed",
};

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: "application/json", "X-CSRF-Token": token, ...(options.body ? { "Content-Type": "application/json" } : {}) },
  });
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) {
    const error = new Error(body?.message ?? `The server answered ${response.status}.`);
    error.status = response.status;
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return body;
}

function element(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") el.textContent = value;
    else if (name === "class") el.className = value;
    else el.setAttribute(name, value);
  }
  el.append(...children.filter((c) => c != null));
  return el;
}

class ExerciseCard {
  constructor(card) {
    this.card = card;
    this.id = card.dataset.exercise;
    this.editors = new Map();
    this.status = card.querySelector(".exercise-status");
    this.results = card.querySelector(".exercise-results");
  }

  get draftKey() {
    return `loadbearing.draft.${this.id}.${this.exercise.version}`;
  }

  async start() {
    this.exercise = await api(`/api/exercises/${encodeURIComponent(this.id)}`);
    const saved = await this.loadDraft();
    const editable = this.exercise.files.filter((f) => f.editable);
    const area = this.card.querySelector(".exercise-editor");
    area.replaceChildren();
    const tabs = element("div", { class: "exercise-tabs", role: "tablist", "aria-label": "Files" });
    if (editable.length > 1) area.append(tabs);
    editable.forEach((file, index) => {
      const panel = element("div", { class: "exercise-file", role: editable.length > 1 ? "tabpanel" : "group", id: `${this.id}-file-${index}` });
      panel.hidden = index > 0;
      area.append(panel);
      const editor = createEditor(panel, {
        doc: saved?.[file.name] ?? file.content,
        label: `${file.name}, the code of exercise ${this.exercise.title}`,
        onRun: () => this.grade("runs"),
        onSubmit: () => this.grade("submissions"),
        onChange: () => this.saveDraft(),
      });
      this.editors.set(file.name, editor);
      if (editable.length > 1) {
        const tab = element("button", { type: "button", role: "tab", class: "exercise-tab", "aria-controls": panel.id, "aria-selected": String(index === 0), text: file.name });
        tab.addEventListener("click", () => {
          tabs.querySelectorAll("[role=tab]").forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
          area.querySelectorAll(".exercise-file").forEach((p) => { p.hidden = p !== panel; });
          editor.focus();
        });
        tabs.append(tab);
      }
    });
    this.card.querySelector(".exercise-run").addEventListener("click", () => this.grade("runs"));
    this.card.querySelector(".exercise-submit").addEventListener("click", () => this.grade("submissions"));
    this.card.querySelector(".exercise-reset").addEventListener("click", () => this.reset());
    this.card.querySelector(".exercise-hint")?.addEventListener("click", () => this.hint());
    this.card.querySelector(".exercise-solution")?.addEventListener("click", () => this.solution());
    this.card.querySelectorAll(".exercise-actions button").forEach((b) => { b.disabled = false; });
    this.card.classList.add("is-ready");
    this.hintsShown = 0;
    this.updateHintButton();
    this.updateSolutionButton(this.exercise.solution?.available);
  }

  files() {
    return Object.fromEntries([...this.editors].map(([name, editor]) => [name, editor.getValue()]));
  }

  get draftPath() {
    return `/api/exercises/${encodeURIComponent(this.id)}/draft`;
  }

  async loadDraft() {
    if (signedIn) {
      await ready; // a guest draft of this browser may be on its way to the account
      try {
        const draft = await api(this.draftPath);
        return draft.version === this.exercise.version ? draft.files : null;
      } catch (e) { return null; }
    }
    try { return JSON.parse(localStorage.getItem(this.draftKey)); } catch (e) { return null; }
  }

  saveDraft() {
    if (!signedIn) {
      try { localStorage.setItem(this.draftKey, JSON.stringify(this.files())); } catch (e) { /* storage full or blocked */ }
      return;
    }
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.sendDraft(), 600);
    if (!this.flushOnLeave) {
      this.flushOnLeave = true;
      window.addEventListener("pagehide", () => { if (this.saveTimer) this.sendDraft({ keepalive: true }); });
    }
  }

  sendDraft(options = {}) {
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    return api(this.draftPath, { ...options, method: "PUT", body: JSON.stringify({ version: this.exercise.version, files: this.files() }) })
      .catch((error) => this.say("Your code could not be saved: " + error.message));
  }

  reset() {
    if (!window.confirm("Replace your code with the starter code? Your changes will be lost.")) return;
    for (const file of this.exercise.files.filter((f) => f.editable)) this.editors.get(file.name)?.setValue(file.content);
    if (signedIn) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
      api(this.draftPath, { method: "DELETE" }).catch(() => { /* the starter shows; the old draft stays on the server */ });
    } else {
      localStorage.removeItem(this.draftKey);
    }
    this.say("Back to the starter code.");
  }

  say(text, { announceOnly = false } = {}) {
    this.status.textContent = text;
    this.status.classList.toggle("visually-hidden", announceOnly);
  }

  async grade(kind) {
    if (this.busy) return;
    this.busy = true;
    const buttons = this.card.querySelectorAll(".exercise-run, .exercise-submit");
    buttons.forEach((b) => { b.disabled = true; });
    this.card.setAttribute("aria-busy", "true");
    this.say(kind === "runs" ? "Running the visible tests…" : "Submitting: running every test…");
    try {
      let result = await api(`/api/exercises/${encodeURIComponent(this.id)}/${kind}`, { method: "POST", body: JSON.stringify({ files: this.files() }) });
      if (result.status === "queued") result = await this.follow(result);
      this.show(result, kind);
    } catch (error) {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} s.` : "";
      this.say(error.message + wait);
      this.results.replaceChildren(element("p", { class: "result-error", text: error.message + wait }));
    } finally {
      this.busy = false;
      buttons.forEach((b) => { b.disabled = false; });
      this.card.removeAttribute("aria-busy");
    }
  }

  /** A submission the server stored but has not graded yet: ask for it until its verdict is written. */
  async follow(queued) {
    this.say(queued.message); // beside the busy card's spinner, until the verdict replaces it
    this.results.replaceChildren();
    const until = Date.now() + 10 * 60 * 1000;
    while (Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      let attempt;
      try {
        attempt = await api(queued.links.self);
      } catch (error) {
        if (error.status && error.status < 500) throw error;
        continue; // a node restarting or a proxy hiccup: the attempt is stored, ask again
      }
      if (attempt.status !== "pending") return attempt.result;
    }
    throw new Error("Your submission is saved but still not graded after ten minutes; its result will be in your history.");
  }

  show(result, kind) {
    const passed = result.status === "passed";
    const tests = result.tests ?? [];
    const failed = tests.filter((t) => t.status !== "passed").length;
    const words = STATUS_WORDS[result.status] ?? result.status;
    const heading = element("div", { class: `result-summary result-${result.status}` },
      element("strong", { text: words }),
      element("span", { class: "result-score", text: `${result.score} / ${result.max_score} points` }),
      element("span", { class: "result-count", text: failed ? `${failed} of ${tests.length} tests failing` : tests.length ? `${tests.length} of ${tests.length} tests passing` : "" }),
      element("span", { class: "result-kind", text: kind === "runs" ? "visible tests" : "all tests" }));
    const parts = [heading];
    // The overall message often repeats a test's own (the first failure's); it is shown once, under the test.
    if (result.message && !tests.some((t) => t.message && (t.message === result.message || result.message.includes(t.message)))) {
      parts.push(element("pre", { class: "result-message", text: result.message }));
    }
    const list = element("ol", { class: "result-tests" });
    let firstFailureOpen = false;
    let openFigures = false;
    for (const test of tests) {
      const ok = test.status === "passed";
      const details = element("details", { class: `result-test result-${test.status}` },
        element("summary", {}, element("span", { class: "result-mark", "aria-hidden": "true", text: ok ? "✓" : "✗" }),
          element("span", { text: test.name }), element("span", { class: "visually-hidden", text: ok ? " passed" : ` ${test.status}` })));
      if (!ok && !firstFailureOpen) {
        details.open = true;
        firstFailureOpen = true;
        openFigures = !!test.figures?.length;
      }
      if (test.message) details.append(element("p", { class: "result-test-message", text: test.message }));
      if (test.output) details.append(element("p", { class: "result-label", text: "Output" }), element("pre", { class: "result-output", text: test.output }));
      if (test.figures?.length) details.append(this.figures(test.figures));
      list.append(element("li", {}, details));
    }
    if (list.children.length) parts.push(list);
    // The result's own figures are the first failing test's, already shown in its open entry.
    if (result.figures?.length && !openFigures) parts.push(this.figures(result.figures));
    this.results.replaceChildren(...parts);
    this.diagnostics(result.problems ?? []);
    // Announced to screen readers only: the summary above the tests already says it on screen.
    this.say(passed ? `${words}: ${result.score} of ${result.max_score} points.`
      : `${words}${failed ? `: ${failed} failing` : ""}, ${result.score} of ${result.max_score} points.`, { announceOnly: true });
    if (passed && kind === "submissions") markDone(`exercise:${this.id}`);
    if (result.solution_available) this.updateSolutionButton(true);
  }

  figures(figures) {
    const box = element("div", { class: "result-figures" });
    import("/static/vendor/charts.min.js").then(({ drawFigure }) => figures.forEach((f) => drawFigure(box, f)));
    return box;
  }

  diagnostics(items) {
    for (const [name, editor] of this.editors) {
      editor.showDiagnostics(items.filter((d) => !d.file || d.file === name));
    }
  }

  updateHintButton() {
    const button = this.card.querySelector(".exercise-hint");
    if (!button) return;
    const total = this.exercise.hints ?? 0;
    button.hidden = total === 0;
    button.disabled = this.hintsShown >= total;
    button.textContent = this.hintsShown >= total ? "No more hints" : `Hint ${this.hintsShown + 1} of ${total}`;
  }

  async hint() {
    try {
      const hint = await api(`/api/exercises/${encodeURIComponent(this.id)}/hints/${this.hintsShown + 1}`);
      const box = this.card.querySelector(".exercise-hints");
      const item = element("section", { class: "exercise-hint-text", "aria-label": `Hint ${hint.number}` });
      item.innerHTML = hint.html; // course content, sanitised on the server
      box.append(item);
      this.hintsShown = hint.number;
      this.updateHintButton();
      item.setAttribute("tabindex", "-1");
      item.focus();
    } catch (error) {
      this.say(error.message);
    }
  }

  updateSolutionButton(available) {
    const button = this.card.querySelector(".exercise-solution");
    if (!button) return;
    button.hidden = !available;
  }

  async solution() {
    try {
      const solution = await api(`/api/exercises/${encodeURIComponent(this.id)}/solution`);
      const box = this.card.querySelector(".exercise-solution-code");
      box.replaceChildren(...solution.files.map((f) => element("div", {},
        element("p", { class: "result-label", text: f.name }), element("pre", {}, element("code", { class: "language-java", text: f.content })))));
      box.hidden = false;
      window.hljs?.highlightAll?.();
    } catch (error) {
      this.say(error.message);
    }
  }
}

for (const card of document.querySelectorAll(".exercise-card[data-exercise]")) {
  new ExerciseCard(card).start().catch((error) => {
    card.querySelector(".exercise-status").textContent = "The editor could not load: " + error.message;
  });
}
