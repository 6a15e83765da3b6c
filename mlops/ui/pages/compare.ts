// Two or more runs side by side: parameters and metrics (rows whose values differ are marked), and the chart of one
// metric over the runs (vega's SVG, drawn by the route).
import { formatValue, type Html, h, raw, runHref } from "../html.js";
import { page } from "../layout.js";
import type { RunView } from "../store.js";

/** The metric charted by default: the one the newest run was evaluated on, else the first any run has. */
export function defaultMetric(runs: readonly RunView[]): string | undefined {
  for (const run of [...runs].reverse()) {
    const m = run.verdict?.metric;
    if (typeof m === "string" && m in run.metrics) return m;
  }
  return runs.flatMap((r) => Object.keys(r.metrics))[0];
}

/** Every key of the runs' records, in order of first appearance. */
function keys(records: ReadonlyArray<Readonly<Record<string, unknown>>>): string[] {
  return [...new Set(records.flatMap((r) => Object.keys(r)))];
}

function sideBySide(
  id: string,
  runs: readonly RunView[],
  pick: (r: RunView) => Readonly<Record<string, unknown>>,
): Html {
  const names = keys(runs.map(pick));
  if (names.length === 0) return h`<p class="muted">none</p>`;
  return h`<table id="${id}"><thead><tr><th></th>${runs.map((r) => h`<th>${r.id}</th>`)}</tr></thead><tbody>${names.map(
    (k) => {
      const values = runs.map((r) => (k in pick(r) ? formatValue(pick(r)[k]) : "-"));
      const differs = new Set(values).size > 1;
      return h`<tr data-key="${k}" class="${differs ? "differs" : ""}"><th>${k}</th>${values.map((v, i) => h`<td data-run="${runs[i].id}" class="num">${v}</td>`)}</tr>`;
    },
  )}</tbody></table>`;
}

/** The comparison page: `runs` oldest first; `svg` the chart of `metric` (vega's output, whose text it escapes). */
export function comparePage(runs: readonly RunView[], metric: string | undefined, svg: string | undefined): Html {
  const query = runs.map((r) => `run=${encodeURIComponent(r.id)}`).join("&");
  const metrics = keys(runs.map((r) => r.metrics));
  return page(
    `Compare ${runs.length} runs`,
    h`<p>${runs.map((r, i) => h`${i ? ", " : ""}<a href="${runHref(r.id)}">${r.id}</a>`)} (oldest first; changed rows
are marked).</p>
<h2>Metrics</h2>
${sideBySide("compare-metrics", runs, (r) => r.metrics)}
<h2>Parameters</h2>
${sideBySide("compare-params", runs, (r) => r.params)}
<h2>${metric ?? "No metric"} over runs</h2>
<p>Chart: ${metrics.map((m) => h`<a href="/compare?${query}&amp;metric=${encodeURIComponent(m)}">${m}</a> `)}</p>
${svg ? h`<div class="chart" id="metric-chart">${raw(svg)}</div>` : h`<p class="muted">No run has a value of it.</p>`}`,
  );
}
