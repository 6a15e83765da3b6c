import { mean, pairwiseSum } from "../data/index.js";

/**
 * Regression metrics of `predicted` against `actual`, as scikit-learn's `mean_squared_error`,
 * `mean_absolute_error` and `r2_score` compute them (numpy's pairwise sums, the same operation order);
 * rmse = √mse. r2 follows scikit-learn's edge cases: NaN for fewer than two rows; when y is constant,
 * 1 for a perfect fit and 0 otherwise.
 */
export function regressionMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
): { mse: number; rmse: number; mae: number; r2: number } {
  const n = actual.length;
  if (predicted.length !== n) throw new RangeError(`${n} actual values but ${predicted.length} predictions`);
  if (n === 0) throw new RangeError("cannot compute metrics on an empty test set");
  const sq = new Float64Array(n);
  const abs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = actual[i] - predicted[i];
    sq[i] = d * d;
    abs[i] = Math.abs(d);
  }
  const mse = mean(sq);
  return { mse, rmse: Math.sqrt(mse), mae: mean(abs), r2: r2Score(actual, pairwiseSum(sq)) };
}

function r2Score(actual: ArrayLike<number>, residualSum: number): number {
  const n = actual.length;
  if (n < 2) return Number.NaN;
  const m = mean(actual);
  const dev = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = actual[i] - m;
    dev[i] = d * d;
  }
  const total = pairwiseSum(dev);
  if (total === 0) return residualSum === 0 ? 1 : 0;
  return 1 - residualSum / total;
}
