// Live simulation blocks in lessons: controls re-run the scenario (debounced, the run in flight
// aborted), the figures are drawn with the exercise results' chart code, the summary is announced,
// and the parameters live in the URL fragment so a shared link reproduces the same figures.

const charts = import("/static/vendor/charts.min.js");
const DEBOUNCE_MS = 150;

function draw(panel, result) {
  const box = panel.querySelector(".simulation-figures");
  charts.then(({ drawFigure }) => {
    box.replaceChildren();
    result.figures.forEach((figure) => drawFigure(box, figure));
    panel.dataset.seed = String(result.seed);
    panel.dataset.drawn = JSON.stringify(result.figures);
  });
}

function query(form) {
  const params = new URLSearchParams();
  for (const el of form.elements) {
    if (!el.name) continue;
    params.set(el.name, el.type === "checkbox" ? String(el.checked) : el.value);
  }
  return params;
}

function fromFragment(panel, form) {
  const prefix = `sim-${panel.dataset.simulation}=`;
  const part = location.hash.slice(1).split("&&").find((p) => p.startsWith(prefix));
  if (!part) return false;
  const params = new URLSearchParams(decodeURIComponent(part.slice(prefix.length)));
  for (const [name, value] of params) {
    const el = form.elements.namedItem(name);
    if (!el) continue;
    if (el.type === "checkbox") el.checked = value === "true"; else el.value = value;
  }
  return true;
}

function toFragment(panel, params) {
  const prefix = `sim-${panel.dataset.simulation}=`;
  const others = location.hash.slice(1).split("&&").filter((p) => p && !p.startsWith(prefix) && p.startsWith("sim-"));
  history.replaceState(null, "", "#" + [...others, prefix + encodeURIComponent(params.toString())].join("&&"));
}

function setUp(panel) {
  const form = panel.querySelector("form");
  const status = panel.querySelector(".simulation-status");
  const outputs = () => form.querySelectorAll("input[type=range]").forEach((el) => {
    el.nextElementSibling.textContent = el.value;
    el.setAttribute("aria-valuetext", el.value);
  });
  let timer;
  let inFlight;
  async function run() {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const params = query(form);
    toFragment(panel, params);
    panel.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`/api/simulations/${panel.dataset.simulation}/run?${params}`, { signal: controller.signal });
      const body = await response.json();
      if (!response.ok) {
        status.textContent = `Could not run: ${body.error}`;
        return;
      }
      status.textContent = body.summary;
      draw(panel, body);
    } catch (error) {
      if (error.name !== "AbortError") status.textContent = "Could not run the simulation: the server did not answer.";
    } finally {
      if (inFlight === controller) panel.removeAttribute("aria-busy");
    }
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener("input", () => { outputs(); clearTimeout(timer); timer = setTimeout(run, DEBOUNCE_MS); });
  if (fromFragment(panel, form)) {
    outputs();
    run();
  } else {
    draw(panel, JSON.parse(panel.querySelector(".simulation-defaults").textContent));
  }
}

document.querySelectorAll("section.simulation").forEach(setUp);
