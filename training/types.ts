/**
 * A fitted linear model (ridge regression; alpha 0 is ordinary least squares).
 * This is the data of the project's own TS flavor in the MLflow model folder (`model.json`), human readable.
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

/** A dense row-major matrix: element (r, c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A numeric table read from a CSV file: named columns over a row-major matrix. */
export interface Table extends Matrix {
  /** Where it came from (a file path), for error messages. */
  readonly source: string;
  readonly columns: readonly string[];
}

/** Inputs and targets of one side of a split. */
export interface Dataset {
  readonly x: Matrix;
  readonly y: Float64Array;
}

/** scikit-learn's train_test_split result plus the names and the row indices each side came from. */
export interface SplitData {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly featureNames: readonly string[];
  readonly target: string;
  /** Row numbers (0-based, into the source table) in the order the rows appear in `train` / `test`. */
  readonly trainIndices: Uint32Array;
  readonly testIndices: Uint32Array;
}

/** Regression metrics on a test set, as scikit-learn computes them. */
export interface Metrics {
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  /** Coefficient of determination; NaN with fewer than two test rows (scikit-learn's behaviour). */
  readonly r2: number;
}
