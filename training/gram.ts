import { choleskySolve } from "./linalg.js";

/** Coefficients and intercept of a fitted linear model, before names are attached. */
export interface LinearSolution {
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

/**
 * Accumulates the sufficient statistics of a centred linear regression in ONE pass over the rows, chunk by chunk,
 * without copying X: the Gram matrix XcᵀXc, Xcᵀyc and the means. Rows are shifted by a reference point (the first
 * chunk's means, or a given shift) before accumulating and corrected at the end (S − s sᵀ/n), which stays accurate
 * when the data sit far from zero — unlike accumulating raw XᵀX and subtracting n·x̄x̄ᵀ.
 *
 * With the shift set to the exact column means this is scikit-learn's computation (centre on the training means,
 * then XcᵀXc and Xcᵀyc), up to the order of the floating-point additions.
 */
export class GramAccumulator {
  readonly #p: number;
  readonly #gram: Float64Array; // upper triangle used
  readonly #xy: Float64Array;
  readonly #sx: Float64Array;
  readonly #scratch: Float64Array;
  #shiftX: Float64Array | undefined;
  #shiftY = 0;
  #sy = 0;
  #n = 0;

  constructor(p: number, shift?: { readonly x: ArrayLike<number>; readonly y: number }) {
    if (!Number.isInteger(p) || p < 1) throw new RangeError(`number of features must be ≥ 1, got ${p}`);
    this.#p = p;
    this.#gram = new Float64Array(p * p);
    this.#xy = new Float64Array(p);
    this.#sx = new Float64Array(p);
    this.#scratch = new Float64Array(4 * p);
    if (shift) {
      if (shift.x.length !== p) throw new RangeError(`shift has ${shift.x.length} values, expected ${p}`);
      this.#shiftX = Float64Array.from(shift.x);
      this.#shiftY = shift.y;
    }
  }

  /** Number of rows added so far. */
  get count(): number {
    return this.#n;
  }

  /** Adds `rows` rows: `x` row-major (`rows × p`, extra trailing values ignored), `y` one target per row. */
  add(x: Float64Array, y: ArrayLike<number>, rows = y.length): void {
    const p = this.#p;
    if (x.length < rows * p || y.length < rows) {
      throw new RangeError(`chunk too short: ${rows} rows × ${p} features needs ${rows * p} values`);
    }
    if (rows === 0) return;
    if (!this.#shiftX) this.#setShiftFrom(x, y, rows);
    const kx = this.#shiftX as Float64Array;
    const ky = this.#shiftY;
    const c = this.#scratch;
    const g = this.#gram;
    const xy = this.#xy;
    const sx = this.#sx;
    // Four rows at a time: each Gram entry is loaded and stored once per four rank-1 updates.
    let r = 0;
    for (; r + 4 <= rows; r += 4) {
      const t0 = y[r] - ky;
      const t1 = y[r + 1] - ky;
      const t2 = y[r + 2] - ky;
      const t3 = y[r + 3] - ky;
      this.#sy += t0 + t1 + t2 + t3;
      for (let k = 0; k < 4; k++) {
        const base = (r + k) * p;
        for (let j = 0; j < p; j++) c[k * p + j] = x[base + j] - kx[j];
      }
      for (let i = 0; i < p; i++) {
        const a0 = c[i];
        const a1 = c[p + i];
        const a2 = c[2 * p + i];
        const a3 = c[3 * p + i];
        sx[i] += a0 + a1 + a2 + a3;
        xy[i] += a0 * t0 + a1 * t1 + a2 * t2 + a3 * t3;
        const row = i * p;
        for (let j = i; j < p; j++) g[row + j] += a0 * c[j] + a1 * c[p + j] + a2 * c[2 * p + j] + a3 * c[3 * p + j];
      }
    }
    for (; r < rows; r++) {
      const t = y[r] - ky;
      this.#sy += t;
      const base = r * p;
      for (let j = 0; j < p; j++) c[j] = x[base + j] - kx[j];
      for (let i = 0; i < p; i++) {
        const a = c[i];
        sx[i] += a;
        xy[i] += a * t;
        const row = i * p;
        for (let j = i; j < p; j++) g[row + j] += a * c[j];
      }
    }
    this.#n += rows;
  }

  #setShiftFrom(x: Float64Array, y: ArrayLike<number>, rows: number): void {
    const p = this.#p;
    const kx = new Float64Array(p);
    let ky = 0;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < p; j++) kx[j] += x[r * p + j];
      ky += y[r];
    }
    for (let j = 0; j < p; j++) kx[j] /= rows;
    this.#shiftX = kx;
    this.#shiftY = ky / rows;
  }

  /** Column means of X and the mean of y over every row added. */
  means(): { readonly x: Float64Array; readonly y: number } {
    const n = this.#requireRows();
    const kx = this.#shiftX as Float64Array;
    const x = new Float64Array(this.#p);
    for (let j = 0; j < this.#p; j++) x[j] = kx[j] + this.#sx[j] / n;
    return { x, y: this.#shiftY + this.#sy / n };
  }

  /**
   * Solves the ridge normal equations `(XcᵀXc + αI) w = Xcᵀyc` by Cholesky; `intercept = ȳ − x̄·w`.
   * α = 0 is ordinary least squares. Throws SingularMatrixError when the system is singular.
   */
  solveRidge(alpha: number): LinearSolution {
    if (!(alpha >= 0) || !Number.isFinite(alpha))
      throw new RangeError(`alpha must be a finite number ≥ 0, got ${alpha}`);
    const n = this.#requireRows();
    const p = this.#p;
    const a = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      b[i] = this.#xy[i] - (this.#sx[i] * this.#sy) / n;
      for (let j = i; j < p; j++) a[i * p + j] = this.#gram[i * p + j] - (this.#sx[i] * this.#sx[j]) / n;
      a[i * p + i] += alpha;
    }
    const coefficients = choleskySolve(a, b, p);
    const { x, y } = this.means();
    let dot = 0;
    for (let j = 0; j < p; j++) dot += x[j] * coefficients[j];
    return { coefficients, intercept: y - dot };
  }

  #requireRows(): number {
    if (this.#n === 0) throw new RangeError("no rows: cannot fit a model to an empty data set");
    return this.#n;
  }
}
