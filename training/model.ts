import { GramAccumulator } from "./gram.js";
import { SingularMatrixError } from "./linalg.js";
import { columnMeans, mean } from "./stats.js";
import type { LinearModel, Matrix } from "./types.js";

/** What a fit needs besides the data: the penalty and the names that travel with the model. */
export interface FitParams {
  /** L2 penalty; 0 = ordinary least squares. */
  readonly alpha: number;
  readonly featureNames: readonly string[];
  readonly target: string;
}

/**
 * Ridge regression exactly as scikit-learn's `Ridge(alpha).fit` (solver "cholesky", fit_intercept=True): centre X
 * and y on their means, solve `(XcᵀXc + αI) w = Xcᵀyc` by Cholesky, `intercept = ȳ − x̄·w`. One streaming pass
 * over X for the Gram matrix, no copy of X. A singular system (α = 0 with a constant or collinear feature) is an
 * error naming the feature.
 */
export function fitRidge(x: Matrix, y: ArrayLike<number>, params: FitParams): LinearModel {
  const { alpha, featureNames, target } = params;
  if (!Number.isFinite(alpha) || alpha < 0) throw new RangeError(`alpha must be a finite number ≥ 0, got ${alpha}`);
  if (featureNames.length !== x.cols) {
    throw new RangeError(`${featureNames.length} feature names for ${x.cols} columns; pass one name per column`);
  }
  if (y.length !== x.rows) throw new RangeError(`X has ${x.rows} rows but y has ${y.length} values`);
  if (x.rows === 0) throw new RangeError("cannot fit a model to zero rows");
  const xMeans = columnMeans(x.data, x.rows, x.cols);
  const yMean = mean(y);
  // A NaN or infinity anywhere makes its column's mean non-finite: one check instead of a pass over X.
  xMeans.forEach((m, j) => {
    if (!Number.isFinite(m)) throw new RangeError(`feature ${featureNames[j]} holds a NaN or infinite value`);
  });
  if (!Number.isFinite(yMean)) throw new RangeError(`target ${target} holds a NaN or infinite value`);
  const acc = new GramAccumulator(x.cols, { x: xMeans, y: yMean });
  acc.add(x.data, y, x.rows);
  try {
    const { coefficients, intercept } = acc.solveRidge(alpha);
    return {
      type: "ridge",
      alpha,
      featureNames: [...featureNames],
      target,
      coefficients: [...coefficients],
      intercept,
    };
  } catch (error) {
    if (!(error instanceof SingularMatrixError)) throw error;
    const name = featureNames[error.index];
    throw new Error(
      `cannot fit with alpha ${alpha}: the normal equations are singular at feature ${name} (it is constant on the ` +
        "training rows or a linear combination of earlier features); use alpha > 0 or drop that feature",
    );
  }
}
