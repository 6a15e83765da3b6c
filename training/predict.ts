import type { LinearModel, Matrix } from "./types.js";

/**
 * Predictions for rows of feature values (in `model.featureNames` order): `x·w + intercept`, as scikit-learn's
 * `predict` computes them (dot product first, then the intercept). Throws naming the first row of the wrong length
 * or holding a non-number.
 */
export function predict(model: LinearModel, rows: ArrayLike<ArrayLike<number>>): Float64Array {
  const w = model.coefficients;
  const p = w.length;
  const out = new Float64Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== p) {
      throw new RangeError(
        `row ${r} has ${row.length} values; the model expects ${p} (${model.featureNames.join(",")})`,
      );
    }
    let dot = 0;
    for (let j = 0; j < p; j++) {
      const v = row[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new TypeError(`row ${r}, feature ${model.featureNames[j]}: expected a finite number, got ${String(v)}`);
      }
      dot += v * w[j];
    }
    out[r] = dot + model.intercept;
  }
  return out;
}

/** Predictions for a row-major matrix whose columns are the model's features, in order. */
export function predictMatrix(model: LinearModel, x: Matrix): Float64Array {
  const w = model.coefficients;
  const p = w.length;
  if (x.cols !== p) throw new RangeError(`matrix has ${x.cols} columns; the model expects ${p}`);
  const out = new Float64Array(x.rows);
  for (let r = 0; r < x.rows; r++) {
    let dot = 0;
    const base = r * p;
    for (let j = 0; j < p; j++) dot += x.data[base + j] * w[j];
    out[r] = dot + model.intercept;
  }
  return out;
}
