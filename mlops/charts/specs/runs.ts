// A metric across runs (the UI's comparison): one point per run in time order, joined by a line. A pure function:
// data in, Vega-Lite spec out, rendered by the same renderer as the training charts.
import { CHART_SIZE, type ChartSpec, topLevel } from "../theme.js";

/** One run's value of the metric. */
export interface RunPoint {
  /** The run's id (the x axis, in the given order). */
  readonly run: string;
  readonly value: number;
}

/** What the chart shows: the metric's name and the runs' values, oldest first. */
export interface MetricOverRunsData {
  readonly metric: string;
  readonly points: readonly RunPoint[];
}

/**
 * The metric over the runs, in the order given (each run a category on the x axis, so equal start times never
 * overlap). Throws a RangeError for no points or a non-finite value.
 */
export function metricOverRunsSpec(data: MetricOverRunsData): ChartSpec {
  if (data.points.length === 0) throw new RangeError(`no run has a value of ${data.metric} to chart`);
  for (const p of data.points)
    if (!Number.isFinite(p.value)) throw new RangeError(`run ${p.run}: ${data.metric} is ${p.value}, not finite`);
  const n = data.points.length;
  const spec = topLevel(`${data.metric} over runs`, `${n} run${n === 1 ? "" : "s"}, oldest first`, {
    data: { values: data.points.map((p, i) => ({ run: p.run, value: p.value, order: i })) },
    mark: { type: "line", point: { filled: true, size: 60 }, color: "#1f77b4" },
    encoding: {
      x: {
        field: "run",
        type: "ordinal",
        sort: { field: "order" },
        title: "run",
        axis: { labelAngle: -40, labelLimit: 220 },
      },
      y: { field: "value", type: "quantitative", title: data.metric, scale: { zero: false } },
      tooltip: [{ field: "run" }, { field: "value", type: "quantitative" }],
    },
  });
  return { ...spec, width: Math.max(CHART_SIZE, 48 * n) };
}
