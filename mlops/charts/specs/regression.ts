// Regression charts on the test rows: predicted against actual (with the line y = x) and residuals against the
// prediction (with the zero line). Pure functions: data in, Vega-Lite spec out.
import { type ChartSpec, topLevel } from "../theme.js";

/** What a regression chart shows: the test rows' actual and predicted values, and words for the titles. */
export interface RegressionChartData {
  readonly actual: Float64Array;
  readonly predicted: Float64Array;
  /** The target column's name (axis titles). */
  readonly target: string;
  /** Who predicted: the model kind and its settings (the subtitle). */
  readonly model: string;
}

const POINT = { type: "point", filled: true, size: 36, opacity: 0.65, color: "#1f77b4" } as const;
const LINE = { color: "#d62728", strokeWidth: 1.5 } as const;

/** Throws a RangeError naming the problem for empty, mismatched or non-finite values. */
function checkValues({ actual, predicted }: RegressionChartData): void {
  if (actual.length === 0) throw new RangeError("a regression chart needs at least one row, got none");
  if (actual.length !== predicted.length)
    throw new RangeError(`${actual.length} actual values but ${predicted.length} predictions`);
  for (let i = 0; i < actual.length; i++)
    if (!Number.isFinite(actual[i]) || !Number.isFinite(predicted[i]))
      throw new RangeError(`row ${i}: actual ${actual[i]}, predicted ${predicted[i]}: both must be finite`);
}

const rows = (n: number) => `${n} test row${n === 1 ? "" : "s"}`;

/**
 * Predicted against actual values, both axes over one range so the red line y = x is the diagonal: points above it
 * were over-predicted. Throws a RangeError for empty, mismatched or non-finite values.
 */
export function predictedVsActualSpec(data: RegressionChartData): ChartSpec {
  checkValues(data);
  const { actual, predicted, target } = data;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of [...actual, ...predicted]) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1]; // one value: a range around it, not an empty scale
  const scale = { domain: [lo, hi], nice: true, zero: false };
  return topLevel(`Predicted vs actual ${target}`, `${data.model}, ${rows(actual.length)}; red: predicted = actual`, {
    layer: [
      {
        data: { values: [{ v: lo }, { v: hi }] },
        mark: { type: "line", ...LINE, clip: true },
        encoding: {
          x: { field: "v", type: "quantitative", scale },
          y: { field: "v", type: "quantitative", scale },
        },
      },
      {
        data: { values: Array.from(actual, (a, i) => ({ actual: a, predicted: predicted[i] })) },
        mark: POINT,
        encoding: {
          x: { field: "actual", type: "quantitative", title: `Actual ${target}`, scale },
          y: { field: "predicted", type: "quantitative", title: `Predicted ${target}`, scale },
        },
      },
    ],
  });
}

/**
 * Residuals (actual − predicted) against the prediction, with the zero line: a pattern (a slope, a funnel) is what
 * the model missed. Throws a RangeError for empty, mismatched or non-finite values.
 */
export function residualsSpec(data: RegressionChartData): ChartSpec {
  checkValues(data);
  const { actual, predicted, target } = data;
  return topLevel(`Residuals of ${target}`, `${data.model}, ${rows(actual.length)}; residual = actual − predicted`, {
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: "rule", ...LINE },
        encoding: { y: { field: "zero", type: "quantitative" } },
      },
      {
        data: { values: Array.from(actual, (a, i) => ({ predicted: predicted[i], residual: a - predicted[i] })) },
        mark: POINT,
        encoding: {
          x: { field: "predicted", type: "quantitative", title: `Predicted ${target}`, scale: { zero: false } },
          y: { field: "residual", type: "quantitative", title: `Residual (actual − predicted ${target})` },
        },
      },
    ],
  });
}
