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

/**
 * Predictions for a row-major matrix whose columns are the model's features, in order. The same doubles as
 * `predict` (each row's products added in feature order, then the intercept), four rows at a time: four
 * independent sums keep the floating-point unit busy where one sum waits on each addition.
 */
export function predictMatrix(model: LinearModel, x: Matrix): Float64Array {
  const w = model.coefficients;
  const b = model.intercept;
  const p = w.length;
  if (x.cols !== p) throw new RangeError(`matrix has ${x.cols} columns; the model expects ${p}`);
  const data = x.data;
  const out = new Float64Array(x.rows);
  let r = 0;
  for (; r + 4 <= x.rows; r += 4) {
    const r0 = r * p;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    for (let j = 0; j < p; j++) {
      const wj = w[j];
      d0 += data[r0 + j] * wj;
      d1 += data[r0 + p + j] * wj;
      d2 += data[r0 + 2 * p + j] * wj;
      d3 += data[r0 + 3 * p + j] * wj;
    }
    out[r] = d0 + b;
    out[r + 1] = d1 + b;
    out[r + 2] = d2 + b;
    out[r + 3] = d3 + b;
  }
  for (; r < x.rows; r++) {
    let dot = 0;
    for (let j = 0; j < p; j++) dot += data[r * p + j] * w[j];
    out[r] = dot + b;
  }
  return out;
}
