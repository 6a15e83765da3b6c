// One run's page — in the UI and, self-contained, as the run's report.html: its facts, metrics, parameters, the
// evaluation against the production model it was compared with, its registration, plots, steps and outputs.
import {
  formatDuration,
  formatNumber,
  formatTime,
  formatValue,
  type Html,
  h,
  modelUriHref,
  safeHref,
} from "../html.js";
import { facts, page } from "../layout.js";
import type { RunView } from "../store.js";

/** How the page links what it shows (the server's routes, or the report's data: URIs and relative paths). */
export interface RunPageOptions {
  /** Links to the UI's other pages. */
  readonly nav: boolean;
  /** The `src` of a plot (a path relative to the run folder). */
  plotSrc(path: string): string;
  /** The `href` of an output file (a path relative to the run folder). */
  fileHref(path: string): string;
  /** Every file in the run folder, relative to it. */
  readonly outputs: readonly string[];
}

function link(text: string, href: string | undefined): Html | string {
  return href ? h`<a href="${href}">${text}</a>` : text;
}

/** A table of name → value, numbers as JSON has them (class `num` for the tests' and the eye's sake). */
export function valueTable(id: string, entries: ReadonlyArray<readonly [string, unknown]>): Html {
  if (entries.length === 0) return h`<p class="muted">none</p>`;
  return h`<table id="${id}"><tbody>${entries.map(
    ([k, v]) =>
      h`<tr data-key="${k}"><th>${k}</th><td class="${typeof v === "number" ? "num" : "text"}">${formatValue(v)}</td></tr>`,
  )}</tbody></table>`;
}

function evaluation(run: RunView, nav: boolean): Html {
  const v = run.verdict;
  if (!v) {
    const off = run.params.evaluation === null;
    return h`<p class="muted">${off ? "No evaluation (RUN_EVALUATION=false)." : "No evaluation recorded."}</p>`;
  }
  const production = typeof v.production_model === "string" ? v.production_model : undefined;
  const differences = Array.isArray(v.differences) ? v.differences.map((d) => formatValue(d)) : [];
  return h`${facts([
    ["decision", formatValue(v.decision)],
    ["action", formatValue(v.action)],
    ["reason", formatValue(v.reason)],
    ["metric", v.metric === undefined ? undefined : `${formatValue(v.metric)} (${formatValue(v.direction)} is better)`],
    [
      "this run",
      typeof v.new_value === "number" ? h`<span id="new-value">${formatNumber(v.new_value)}</span>` : undefined,
    ],
    [
      "production model",
      production === undefined
        ? "none (first model)"
        : h`${link(production, nav ? modelUriHref(production) : undefined)}: <span id="production-value">${formatValue(v.production_value)}</span>`,
    ],
  ])}${differences.length ? h`<ul>${differences.map((d) => h`<li>${d}</li>`)}</ul>` : ""}`;
}

function registration(run: RunView, nav: boolean): Html {
  const r = run.registration;
  if (!r) return h`<p class="muted">Not registered.</p>`;
  const uri = typeof r.uri === "string" ? r.uri : undefined;
  return facts([
    ["registered", formatValue(r.registered)],
    ["model", uri ? link(uri, nav ? modelUriHref(uri) : undefined) : undefined],
    ["message", r.message === undefined ? undefined : formatValue(r.message)],
  ]);
}

function steps(run: RunView): Html {
  if (run.steps.length === 0)
    return h`<p class="muted">No steps recorded here (an Azure ML run's steps ran in its job).</p>`;
  return h`<table id="steps"><thead><tr><th>step</th><th>status</th><th>duration</th><th>note</th></tr></thead><tbody>${run.steps.map(
    (s) =>
      h`<tr><td>${s.name}</td><td class="status-${s.status}">${s.status}</td><td class="num">${formatDuration(s.duration_s)}</td><td>${s.error ?? s.reason ?? ""}</td></tr>`,
  )}</tbody></table>`;
}

/** The run page's body and title, as a whole document. */
export function runPage(run: RunView, options: RunPageOptions): Html {
  const job = run.job;
  const studio = job && typeof job.studio === "string" ? job.studio : undefined;
  const other = Object.entries(run.other);
  const body = h`${facts([
    ["status", h`<span class="status-${run.status}">${run.status}</span>`],
    ["target", run.target],
    ["reason", run.reason ?? undefined],
    ["experiment", run.experimentName ?? undefined],
    ["model", run.modelName ?? undefined],
    ["started (UTC)", formatTime(run.startedUtc)],
    ["ended (UTC)", formatTime(run.endedUtc)],
    ["duration", h`<span id="duration">${formatDuration(run.durationS)}</span>`],
    ["build id", run.buildId ?? undefined],
    ["build", run.buildUri ? link(run.buildUri, safeHref(run.buildUri)) : undefined],
    ["Azure ML job", studio ? link(formatValue(job?.name ?? studio), safeHref(studio)) : undefined],
    ["data", run.dataFile ?? undefined],
    ["data sha256", run.dataSha256 ? h`<code>${run.dataSha256}</code>` : undefined],
    ["data asset", run.dataAsset ?? undefined],
    ["git commit", run.gitCommit ? h`<code>${run.gitCommit}</code>` : undefined],
  ])}
<h2>Metrics</h2>
${valueTable("metrics", Object.entries(run.metrics))}
<h2>Evaluation against the production model</h2>
${evaluation(run, options.nav)}
<h2>Registration</h2>
${registration(run, options.nav)}
<h2>Plots</h2>
${
  run.plots.length
    ? h`<div class="plots">${run.plots.map((p) => h`<figure><img src="${options.plotSrc(p)}" alt="${p}"><figcaption>${p}</figcaption></figure>`)}</div>`
    : h`<p class="muted">none</p>`
}
<h2>Parameters</h2>
${valueTable("params", Object.entries(run.params))}
<h2>Steps</h2>
${steps(run)}
<h2>Outputs</h2>
${
  options.outputs.length
    ? h`<ul id="outputs">${options.outputs.map((f) => h`<li><a href="${options.fileHref(f)}">${f}</a></li>`)}</ul>`
    : h`<p class="muted">none</p>`
}
${other.length ? h`<h2>Other fields of run.json</h2>${valueTable("other", other)}` : ""}
<details><summary>Variables</summary>${valueTable("variables", Object.entries(run.variables))}</details>`;
  return page(`Run ${run.id}`, body, { nav: options.nav });
}
