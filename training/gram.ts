import { BLOCK, type GramKernel, gramKernel } from "./gram-kernel.js";
import { choleskySolve } from "./linalg.js";

/** Coefficients and intercept of a fitted linear model, before names are attached. */
export interface LinearSolution {
  readonly coefficients: Float64Array;
  readonly intercept: number;
}

// One kernel per width, shared: a block is filled, multiplied and read back synchronously, so accumulators
// never interleave inside it.
const kernels = new Map<number, GramKernel>();
function kernelFor(w: number): GramKernel {
  let kernel = kernels.get(w);
  if (!kernel) {
    kernel = gramKernel(w);
    kernels.set(w, kernel);
  }
  return kernel;
}

/**
 * Accumulates the sufficient statistics of a centred linear regression in ONE pass over the rows, chunk by chunk,
 * without copying X: the Gram matrix of the augmented rows [x − k, y − k_y, 1], which holds XcᵀXc, Xcᵀyc and the
 * column sums in one symmetric matrix. Rows are shifted by a reference point k (the first chunk's means, or a
 * given shift) and corrected at the end (S − s sᵀ/n), which stays accurate when the data sit far from zero —
 * unlike accumulating raw XᵀX and subtracting n·x̄x̄ᵀ.
 *
 * Each block of 256 rows is transposed into a small column-major buffer and multiplied by a WebAssembly SIMD
 * kernel in 2 × 4 tiles (gram-kernel.ts), so every loaded value feeds several multiply-adds. With the shift
 * set to the exact column means this is scikit-learn's computation (centre on the training means, then XcᵀXc and
 * Xcᵀyc), up to the order of the floating-point additions.
 */
export class GramAccumulator {
  readonly #p: number;
  /** Augmented width rounded up to the tile width: p features, y, the ones column, zero padding. */
  readonly #w: number;
  readonly #gram: Float64Array; // #w × #w, upper triangle
  #shiftX: Float64Array | undefined;
  #shiftY = 0;
  #n = 0;

  constructor(p: number, shift?: { readonly x: ArrayLike<number>; readonly y: number }) {
    if (!Number.isInteger(p) || p < 1) throw new RangeError(`number of features must be ≥ 1, got ${p}`);
    this.#p = p;
    this.#w = (p + 2 + 3) & ~3;
    this.#gram = new Float64Array(this.#w * this.#w);
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
    const kernel = kernelFor(w);
    const c = kernel.block;
    // Rows past the end must contribute nothing, not even to the ones column. (Padding columns past p + 1 may
    // hold another accumulator's values: they only reach Gram entries that are never read.)
    if (nb < BLOCK) c.fill(0);
    for (let k = 0; k < nb; k++) {
      const base = (r0 + k) * p;
      for (let j = 0; j < p; j++) c[j * BLOCK + k] = x[base + j] - kx[j];
      c[p * BLOCK + k] = y[r0 + k] - ky;
      c[(p + 1) * BLOCK + k] = 1;
    }
    kernel.run();
    const g = this.#gram;
    const out = kernel.out;
    for (let i = 0; i < w; i++) for (let j = i; j < w; j++) g[i * w + j] += out[i * w + j];
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
