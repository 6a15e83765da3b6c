// What a sweep shows: a table of its trials (best first marked) and, per swept hyperparameter, a chart of the
// validation metric against its values, the best trial in red. Pure functions: results in, text and specs out.
import { type ChartSpec, topLevel } from "../charts/index.js";
import type { ParamValue, SearchSpace } from "../contract/index.js";

/** One trial as sweep.json keeps it. */
export interface TrialResult {
  readonly trial: number;
  /** The swept hyperparameters' values (the others are the run's, in sweep.json's `fixed_params`). */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly status: "completed" | "failed";
  /** The ranking metric on the validation rows (null when the trial failed). */
  readonly value: number | null;
  /** Every numeric metric of the trial's metrics.json (validation and test). */
  readonly metrics: Readonly<Record<string, number>>;
  readonly seconds: number;
  /** The trial's train output, relative to the sweep folder. */
  readonly output: string;
  readonly error?: string;
}

const cell = (v: ParamValue | number | null | undefined): string =>
  v === null || v === undefined ? "–" : typeof v === "number" ? String(Number(v.toPrecision(6))) : String(v);

/** The trials as a Markdown table (trial order), the best trial's row marked ★. */
export function trialTable(trials: readonly TrialResult[], metric: string, best: number | null): string {
  const names = Object.keys(trials[0]?.params ?? {});
  const head = ["trial", ...names, metric, "seconds", "status"];
  const rows = trials.map((t) => [
    `${t.trial}${t.trial === best ? " ★" : ""}`,
    ...names.map((n) => cell(t.params[n])),
    cell(t.value),
    t.seconds.toFixed(2),
    t.status === "completed" ? "completed" : `failed: ${t.error ?? ""}`,
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A chart file name: kebab-case (`validation_mse` vs `n_trees` → `validation-mse-vs-n-trees`). */
export function chartName(metric: string, param: string): string {
  const kebab = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return `${kebab(metric)}-vs-${kebab(param)}`;
}

/** Whether a hyperparameter reads best on a log axis: loguniform, or positive numbers spanning ≥ 2 decades. */
function logAxis(space: SearchSpace, name: string, values: readonly ParamValue[]): boolean {
  if (space[name]?.type === "loguniform") return true;
  const nums = values.filter((v): v is number => typeof v === "number");
  if (nums.length !== values.length || nums.length === 0 || Math.min(...nums) <= 0) return false;
  return Math.max(...nums) / Math.min(...nums) >= 100;
}

/** One chart per swept hyperparameter: the metric of each completed trial against its value; red: the best. */
export function sweepCharts(
  trials: readonly TrialResult[],
  space: SearchSpace,
  metric: string,
  best: number | null,
): Record<string, ChartSpec> {
  const done = trials.filter((t) => t.status === "completed" && t.value !== null);
  const charts: Record<string, ChartSpec> = {};
  for (const name of Object.keys(space)) {
    const values = done.map((t) => t.params[name]);
    const numeric = values.every((v) => typeof v === "number");
    const x = numeric
      ? {
          field: "x",
          type: "quantitative",
          title: name,
          scale: logAxis(space, name, values) ? { type: "log" } : { zero: false },
        }
      : { field: "x", type: "nominal", title: name, sort: null };
    const points = done.map((t) => ({
      x: numeric ? t.params[name] : String(t.params[name]),
      y: t.value,
      best: t.trial === best,
    }));
    const y = { field: "y", type: "quantitative", title: metric, scale: { zero: false } };
    const n = done.length;
    charts[chartName(metric, name)] = topLevel(
      `${metric} vs ${name}`,
      `${n} trial${n === 1 ? "" : "s"} on the validation rows; red: the best`,
      {
        data: { values: points },
        layer: [{ mark: { type: "point", filled: true, size: 60, opacity: 0.8 }, encoding: { x, y, color: colour } }],
      },
    );
  }
  return charts;
}

const colour = {
  field: "best",
  type: "nominal",
  scale: { domain: [false, true], range: ["#1f77b4", "#d62728"] },
  legend: null,
} as const;
