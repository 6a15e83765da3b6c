// The runs page: one row per run (local and Azure ML alike), newest first, with a checkbox per run for the
// comparison (a plain GET form: no script needed).
import { formatDuration, formatNumber, formatTime, formatValue, type Html, h, runHref } from "../html.js";
import { page } from "../layout.js";
import type { RunView } from "../store.js";

/** Parameters shown in a runs row: the scalar ones (objects such as the evaluation settings are on the run page). */
function scalarParams(run: RunView): [string, string][] {
  return Object.entries(run.params)
    .filter(([, v]) => v === null || typeof v !== "object")
    .map(([k, v]) => [k, formatValue(v)]);
}

function pairs(entries: ReadonlyArray<readonly [string, string]>, cls: string): Html {
  return h`${entries.map(([k, v]) => h`<span class="${cls}" data-key="${k}">${k}=<b>${v}</b></span> `)}`;
}

const short = (text: string | null, n: number) => (text ? h`<span title="${text}">${text.slice(0, n)}</span>` : "-");

function row(run: RunView): Html {
  const verdict = run.verdict;
  const metrics = Object.entries(run.metrics).map(([k, v]) => [k, formatNumber(v)] as const);
  return h`<tr data-run="${run.id}">
<td><input type="checkbox" name="run" value="${run.id}" aria-label="compare ${run.id}"></td>
<td><a class="run-link" href="${runHref(run.id)}">${run.id}</a></td>
<td>${run.target}</td>
<td class="status-${run.status}">${run.status}</td>
<td>${verdict ? formatValue(verdict.decision) : "-"}</td>
<td class="metrics">${pairs(metrics, "metric")}</td>
<td class="params">${pairs(scalarParams(run), "param")}</td>
<td class="num">${formatDuration(run.durationS)}</td>
<td>${formatTime(run.startedUtc)}</td>
<td>${run.buildId ?? "-"}</td>
<td class="mono">${run.dataSha256 ? short(run.dataSha256, 12) : (run.dataAsset ?? "-")}</td>
<td class="mono">${short(run.gitCommit, 10)}</td>
</tr>`;
}

/** The runs page. */
export function runsPage(runs: readonly RunView[], home: string): Html {
  if (runs.length === 0) {
    return page("Runs", h`<p>No runs in <code>${home}</code> yet: <code>npm start</code> makes one.</p>`);
  }
  return page(
    "Runs",
    h`<form method="get" action="/compare">
<p>${runs.length} run${runs.length === 1 ? "" : "s"} in <code>${home}</code>. Tick two or more, then
<button type="submit">Compare</button></p>
<table id="runs">
<thead><tr><th></th><th>run</th><th>target</th><th>status</th><th>verdict</th><th>metrics</th><th>parameters</th>
<th>duration</th><th>started (UTC)</th><th>build id</th><th>data sha256</th><th>git commit</th></tr></thead>
<tbody>${runs.map(row)}</tbody>
</table>
</form>`,
  );
}
