import { choleskySolve } from "./linalg.js";

/** Coefficients and intercept of a fitted linear model, before names are attached. */
export interface LinearSolution {
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

/** Rows per block: the block's columns (BLOCK doubles each) stay in L1/L2 cache while they are multiplied. */
const BLOCK = 256;

/**
 * Accumulates the sufficient statistics of a centred linear regression in ONE pass over the rows, chunk by chunk,
 * without copying X: the Gram matrix of the augmented rows [x − k, y − k_y, 1], which holds XcᵀXc, Xcᵀyc and the
 * column sums in one symmetric matrix. Rows are shifted by a reference point k (the first chunk's means, or a
 * given shift) and corrected at the end (S − s sᵀ/n), which stays accurate when the data sit far from zero —
 * unlike accumulating raw XᵀX and subtracting n·x̄x̄ᵀ.
 *
 * Each block of rows is transposed into a small column-major buffer and multiplied in 2 × 4 tiles, so every
 * loaded value feeds several multiply-adds (the JavaScript stand-in for BLAS's register blocking). With the shift
 * set to the exact column means this is scikit-learn's computation (centre on the training means, then XcᵀXc and
 * Xcᵀyc), up to the order of the floating-point additions.
 */
export class GramAccumulator {
  readonly #p: number;
  /** Augmented width rounded up to the tile width: p features, y, the ones column, zero padding. */
  readonly #w: number;
  readonly #gram: Float64Array; // #w × #w, upper triangle (tiles may also write below it; never read)
  readonly #block: Float64Array; // #w columns × BLOCK rows, column-major
  #shiftX: Float64Array | undefined;
  #shiftY = 0;
  #n = 0;

  constructor(p: number, shift?: { readonly x: ArrayLike<number>; readonly y: number }) {
    if (!Number.isInteger(p) || p < 1) throw new RangeError(`number of features must be ≥ 1, got ${p}`);
    this.#p = p;
    this.#w = (p + 2 + 3) & ~3;
    this.#gram = new Float64Array(this.#w * this.#w);
    this.#block = new Float64Array(this.#w * BLOCK);
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
    for (let r0 = 0; r0 < rows; r0 += BLOCK) this.#addBlock(x, y, r0, Math.min(BLOCK, rows - r0));
    this.#n += rows;
  }

  #addBlock(x: Float64Array, y: ArrayLike<number>, r0: number, nb: number): void {
    const p = this.#p;
    const w = this.#w;
    const kx = this.#shiftX as Float64Array;
    const ky = this.#shiftY;
    const c = this.#block;
    const g = this.#gram;
    if (nb < BLOCK) c.fill(0); // rows past the end must contribute nothing, not even to the ones column
    for (let k = 0; k < nb; k++) {
      const base = (r0 + k) * p;
      for (let j = 0; j < p; j++) c[j * BLOCK + k] = x[base + j] - kx[j];
      c[p * BLOCK + k] = y[r0 + k] - ky;
      c[(p + 1) * BLOCK + k] = 1;
    }
    for (let i = 0; i < w; i += 2) {
      const a = i * BLOCK;
      const b = a + BLOCK;
      for (let j = i & ~3; j < w; j += 4) {
        const c0 = j * BLOCK;
        const c1 = c0 + BLOCK;
        const c2 = c1 + BLOCK;
        const c3 = c2 + BLOCK;
        let s00 = 0;
        let s01 = 0;
        let s02 = 0;
        let s03 = 0;
        let s10 = 0;
        let s11 = 0;
        let s12 = 0;
        let s13 = 0;
        for (let k = 0; k < BLOCK; k++) {
          const u = c[a + k];
          const v = c[b + k];
          const w0 = c[c0 + k];
          const w1 = c[c1 + k];
          const w2 = c[c2 + k];
          const w3 = c[c3 + k];
          s00 += u * w0;
          s01 += u * w1;
          s02 += u * w2;
          s03 += u * w3;
          s10 += v * w0;
          s11 += v * w1;
          s12 += v * w2;
          s13 += v * w3;
        }
        const gi = i * w + j;
        const gk = gi + w;
        g[gi] += s00;
        g[gi + 1] += s01;
        g[gi + 2] += s02;
        g[gi + 3] += s03;
        g[gk] += s10;
        g[gk + 1] += s11;
        g[gk + 2] += s12;
        g[gk + 3] += s13;
      }
    }
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

  /** Upper-triangle entry (i ≤ j) of the augmented Gram matrix. */
  #at(i: number, j: number): number {
    return i <= j ? this.#gram[i * this.#w + j] : this.#gram[j * this.#w + i];
  }

  /** Column means of X and the mean of y over every row added. */
  means(): { readonly x: Float64Array; readonly y: number } {
    const n = this.#requireRows();
    const p = this.#p;
    const kx = this.#shiftX as Float64Array;
    const x = new Float64Array(p);
    for (let j = 0; j < p; j++) x[j] = kx[j] + this.#at(j, p + 1) / n;
    return { x, y: this.#shiftY + this.#at(p, p + 1) / n };
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
    const ones = p + 1;
    const a = new Float64Array(p * p);
    const b = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const si = this.#at(i, ones);
      b[i] = this.#at(i, p) - (si * this.#at(p, ones)) / n;
      for (let j = i; j < p; j++) a[i * p + j] = this.#at(i, j) - (si * this.#at(j, ones)) / n;
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
