import type { Matrix } from "../mlops/contract/index.js";

export type { Matrix };

/**
 * A fitted linear model (ridge regression; alpha 0 is ordinary least squares).
 * This is the data of the model's own file in the MLflow model folder (`model.json`), human readable.
 */
export interface LinearModel {
  readonly type: "ridge";
  readonly alpha: number;
  /** Input columns, in the order the coefficients use them. */
  readonly featureNames: readonly string[];
  readonly target: string;
  readonly coefficients: readonly number[];
  readonly intercept: number;
}
