// Dense symmetric positive-definite solve for the ridge normal equations (p × p, p small): the same method
// scikit-learn's "cholesky" solver uses (scipy.linalg.solve(..., assume_a="pos"), i.e. LAPACK ?posv).

/** The system matrix is not positive definite: column `index` is (numerically) a combination of earlier ones. */
export class SingularMatrixError extends Error {
  constructor(readonly index: number) {
    super(`matrix is singular or not positive definite at column ${index}`);
    this.name = "SingularMatrixError";
  }
}

const EPS = 2 ** -52;

/**
 * Solves `A x = b` for symmetric positive-definite `A` (row-major `p × p`, only the upper triangle is read) by
 * Cholesky factorisation `A = Uᵀ U`. A pivot that is not clearly positive (≤ max(1e-12, 8·p·ε) × its diagonal
 * entry — far above rounding noise, far below any meaningful problem) raises SingularMatrixError instead of
 * returning huge or NaN coefficients.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  if (a.length !== p * p || b.length !== p) throw new RangeError(`choleskySolve: expected ${p}×${p} and ${p} values`);
  const u = new Float64Array(p * p);
  const relTol = Math.max(1e-12, 8 * p * EPS);
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j];
    for (let k = 0; k < j; k++) d -= u[k * p + j] * u[k * p + j];
    if (!(d > relTol * a[j * p + j]) || !(d > 0)) throw new SingularMatrixError(j);
    const ujj = Math.sqrt(d);
    u[j * p + j] = ujj;
    for (let i = j + 1; i < p; i++) {
      let s = a[j * p + i];
      for (let k = 0; k < j; k++) s -= u[k * p + j] * u[k * p + i];
      u[j * p + i] = s / ujj;
    }
  }
  // Uᵀ z = b (forward), then U x = z (backward).
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= u[k * p + i] * x[k];
    x[i] = s / u[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < p; k++) s -= u[i * p + k] * x[k];
    x[i] = s / u[i * p + i];
  }
  return x;
}
