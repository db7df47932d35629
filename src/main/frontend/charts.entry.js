// Draws the figures a grading result carries (records from dev.loadbearing.sim.figure, as JSON)
// with Chart.js: bar charts, histograms with percentile markers, time series with fault bands,
// and timelines. Every chart gets a title, axis labels and a text alternative for screen readers.
import {
  Chart, BarController, BarElement, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Legend, Title, Tooltip, Filler,
} from "chart.js";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement,
  CategoryScale, LinearScale, Legend, Title, Tooltip, Filler);

// The page's colours are CSS variables that may hold light-dark() pairs, which a canvas cannot
// read; a probe element resolves each to the rgb() of the current theme.
const css = (name) => {
  const probe = document.createElement("span");
  probe.style.color = `var(${name})`;
  probe.style.display = "none";
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
};
const palette = () => ["--link", "--accent", "--tip", "--important", "--warning", "--caution"].map(css);

/** Shades the x ranges of fault bands (a crash, a partition) behind the data. */
const bandsPlugin = {
  id: "faultBands",
  beforeDatasetsDraw(chart, _args, options) {
    const { ctx, chartArea, scales: { x } } = chart;
    for (const band of options.bands ?? []) {
      const left = Math.max(chartArea.left, x.getPixelForValue(band.start));
      const right = Math.min(chartArea.right, x.getPixelForValue(band.end));
      if (right <= left) continue;
      ctx.save();
      ctx.fillStyle = "rgba(207, 34, 46, 0.12)";
      ctx.fillRect(left, chartArea.top, right - left, chartArea.bottom - chartArea.top);
      ctx.fillStyle = css("--caution");
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(band.label, left + 4, chartArea.top + 14);
      ctx.restore();
    }
  },
};

function axes(xLabel, yLabel, extraX = {}) {
  const grid = { color: css("--border") };
  const ticks = { color: css("--muted") };
  return {
    x: { title: { display: !!xLabel, text: xLabel, color: css("--muted") }, grid, ticks, ...extraX },
    y: { title: { display: !!yLabel, text: yLabel, color: css("--muted") }, grid, ticks, beginAtZero: true },
  };
}

function base(figure) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: {
      title: { display: true, text: figure.title, color: css("--text"), font: { size: 14, weight: "600" } },
      legend: { labels: { color: css("--text") } },
    },
  };
}

function config(figure) {
  const colours = palette();
  switch (figure.type) {
    case "bar":
      return {
        type: "bar",
        data: { labels: figure.labels, datasets: [{ label: figure.yLabel, data: figure.values, backgroundColor: colours[0] }] },
        options: { ...base(figure), plugins: { ...base(figure).plugins, legend: { display: false } }, scales: axes(figure.xLabel, figure.yLabel) },
      };
    case "histogram":
      return {
        type: "bar",
        data: {
          labels: figure.bins.map((b) => `${fmt(b.from)}–${fmt(b.to)}`),
          datasets: [{ label: "requests", data: figure.bins.map((b) => b.count), backgroundColor: colours[0], barPercentage: 1, categoryPercentage: 1 }],
        },
        options: { ...base(figure), plugins: { ...base(figure).plugins, legend: { display: false } }, scales: axes(figure.xLabel, "requests") },
      };
    case "timeseries":
      return {
        type: "line",
        data: {
          datasets: figure.series.map((s, i) => ({
            label: s.name,
            data: s.seconds.map((x, j) => ({ x, y: s.values[j] })),
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            pointRadius: 0,
            borderWidth: 2,
          })),
        },
        options: {
          ...base(figure),
          plugins: { ...base(figure).plugins, faultBands: { bands: figure.bands } },
          scales: axes("time (s)", figure.yLabel, { type: "linear" }),
        },
        plugins: [bandsPlugin],
      };
    case "line":
      return {
        type: "line",
        data: {
          datasets: figure.series.map((s, i) => ({
            label: s.name,
            data: s.x.map((x, j) => ({ x, y: s.y[j] })),
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            pointRadius: 3,
            borderWidth: 2,
          })),
        },
        options: { ...base(figure), scales: axes(figure.xLabel, figure.yLabel, { type: "linear" }) },
      };
    case "timeline":
      return {
        type: "bar",
        data: {
          labels: figure.lanes,
          datasets: [{
            label: "operations",
            data: figure.spans.map((s) => ({ x: [s.start, s.end], y: s.lane, label: s.label, status: s.status })),
            backgroundColor: figure.spans.map((s) => (s.status === "ok" ? css("--tip") : s.status === "fail" ? css("--caution") : css("--warning"))),
            borderSkipped: false,
          }],
        },
        options: {
          ...base(figure),
          indexAxis: "y",
          plugins: {
            ...base(figure).plugins,
            legend: { display: false },
            faultBands: { bands: figure.bands },
            tooltip: { callbacks: { label: (item) => `${item.raw.label} (${item.raw.status})` } },
          },
          scales: { ...axes("time (s)", ""), x: { ...axes("time (s)", "").x, type: "linear" } },
        },
        plugins: [bandsPlugin],
      };
    default:
      return null;
  }
}

/** A plain-words summary of a figure, for screen readers and for a table under the chart. */
export function describe(figure) {
  switch (figure.type) {
    case "bar":
      return `${figure.title}: ` + figure.labels.map((l, i) => `${l} ${fmt(figure.values[i])}`).join(", ") + ".";
    case "histogram":
      return `${figure.title}: ${figure.bins.reduce((n, b) => n + b.count, 0)} values in ${figure.bins.length} bins` +
        (figure.markers?.length ? "; " + figure.markers.map((m) => `${m.label} ${fmt(m.x)}`).join(", ") : "") + ".";
    case "timeseries":
      return `${figure.title}: ` + figure.series.map((s) => `${s.name} from ${fmt(Math.min(...s.values))} to ${fmt(Math.max(...s.values))}`).join("; ") +
        (figure.bands?.length ? "; shaded: " + figure.bands.map((b) => `${b.label} ${fmt(b.start)}–${fmt(b.end)} s`).join(", ") : "") + ".";
    case "line":
      return `${figure.title} (${figure.xLabel}: ${figure.yLabel}): ` + figure.series.map((s) => `${s.name} ` +
        s.x.map((x, j) => `${fmt(x)}: ${fmt(s.y[j])}`).join(", ")).join("; ") + ".";
    case "timeline":
      return `${figure.title}: ${figure.spans.length} operations on ${figure.lanes.length} lanes.`;
    default:
      return figure.title ?? "A figure";
  }
}

function fmt(n) {
  return Number.isInteger(n) ? String(n) : Number(n).toPrecision(3);
}

/**
 * Draws one figure into `container`: a canvas with an accessible name and a text alternative.
 * Returns the Chart (or null for an unknown kind, which is described in text only).
 */
export function drawFigure(container, figure) {
  const wrap = document.createElement("figure");
  wrap.className = "result-figure";
  const canvasBox = document.createElement("div");
  canvasBox.className = "result-figure-canvas";
  const canvas = document.createElement("canvas");
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", describe(figure));
  canvasBox.append(canvas);
  const caption = document.createElement("figcaption");
  caption.textContent = describe(figure);
  wrap.append(canvasBox, caption);
  container.append(wrap);
  const cfg = config(figure);
  if (!cfg) return null;
  let chart = new Chart(canvas, cfg);
  // Colours are read from the theme when drawing, so a theme change draws the chart again.
  const redraw = () => {
    if (!canvas.isConnected) {
      document.removeEventListener("themechange", redraw);
      chart.destroy();
      return;
    }
    chart.destroy();
    chart = new Chart(canvas, config(figure));
  };
  document.addEventListener("themechange", redraw);
  return chart;
}
