// Reductions in the order numpy performs them, so results agree with scikit-learn to the last bits where the
// inputs agree: 1-D sums are numpy's pairwise sum; column means of a row-major matrix are plain running sums
// (numpy reduces axis 0 of a C-ordered array row by row).

const BLOCK = 128;

/** numpy's `pairwise_sum` for a contiguous float64 vector (`np.sum`, `np.mean`, `np.average` on 1-D data). */
export function pairwiseSum(values: ArrayLike<number>, start = 0, n = values.length - start): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[start + i];
    return s;
  }
  if (n <= BLOCK) {
    let r0 = values[start];
    let r1 = values[start + 1];
    let r2 = values[start + 2];
    let r3 = values[start + 3];
    let r4 = values[start + 4];
    let r5 = values[start + 5];
    let r6 = values[start + 6];
    let r7 = values[start + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const k = start + i;
      r0 += values[k];
      r1 += values[k + 1];
      r2 += values[k + 2];
      r3 += values[k + 3];
      r4 += values[k + 4];
      r5 += values[k + 5];
      r6 += values[k + 6];
      r7 += values[k + 7];
    }
    let s = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) s += values[start + i];
    return s;
  }
  let half = Math.floor(n / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, n - half);
}

/** Arithmetic mean (numpy's `np.mean` of a 1-D array). NaN for an empty vector. */
export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : pairwiseSum(values) / values.length;
}

/**
 * Standard deviation with `ddof` delta degrees of freedom (1 = the sample standard deviation, pandas' default;
 * 0 = numpy's default). Two passes — mean first, then squared deviations — so it does not cancel catastrophically
 * the way E[x²] − E[x]² does. NaN when there are not more values than `ddof`.
 */
export function std(values: ArrayLike<number>, ddof = 1): number {
  const n = values.length;
  if (n <= ddof) return Number.NaN;
  const m = mean(values);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    sq[i] = d * d;
  }
  return Math.sqrt(pairwiseSum(sq) / (n - ddof));
}

/** Column means of a row-major `rows × cols` matrix, summed row by row as numpy does for `X.mean(axis=0)`. */
export function columnMeans(data: Float64Array, rows: number, cols: number): Float64Array {
  const sums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) sums[c] += data[base + c];
  }
  for (let c = 0; c < cols; c++) sums[c] /= rows;
  return sums;
}
