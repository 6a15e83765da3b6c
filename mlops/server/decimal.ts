// Exact decimal → double conversion for the JSON numbers of scoring payloads, without allocating a string per
// number. V8's string-to-double takes ~100 ns for the 17-digit numbers clients send (e.g. 0.038075906433423026),
// which made number conversion the bulk of a 100-row request. The result is always the correctly rounded double
// (what JSON.parse gives, bit for bit): fast paths are exact or prove their rounding, everything else falls back.

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k); // 10^0..10^22 are exact doubles
const SPLIT = 134217729; // 2^27 + 1 (Veltkamp split for Dekker's exact product)
const TOL = 2 ** -95;

/** The exact error of the rounded product p = fl(a·b): a·b = p + result (Dekker; no FMA in JavaScript). */
function productError(a: number, b: number, p: number): number {
  let c = SPLIT * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLIT * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * The double nearest to w × 10^-k, where w = s + t exactly (s = fl(w), |t| ≤ ulp(s)/2), 1 ≤ k ≤ 22;
 * NaN when the rounding cannot be proven (the exact value lies within 2^-95 relative of a rounding boundary).
 */
function divideRounded(s: number, t: number, k: number): number {
  const d = POW10[k];
  const q1 = s / d;
  const p = q1 * d;
  // s - p is exact (Sterbenz: p is within a factor 2 of s); the rest is tiny, so its rounding errors are ~2^-101·q1.
  const q2 = (s - p - productError(q1, d, p) + t) / d;
  const tol = q1 * TOL;
  const low = q1 + (q2 - tol);
  // Rounding is monotonic: if both ends of the error interval round to the same double, so does the exact value.
  return low === q1 + (q2 + tol) ? low : Number.NaN;
}

/**
 * The double for a decimal with significant digits `hi` (the first up to 15 digits, as an integer) and `lo`
 * (the next `loDigits` ≤ 4 digits), times 10^exp10; NaN when no fast path applies (the caller then converts the
 * text with Number()).
 */
export function decimalToDouble(hi: number, lo: number, loDigits: number, exp10: number): number {
  if (loDigits === 0) {
    // Clinger's fast path: both operands exact, one correctly rounded operation.
    if (exp10 === 0) return hi;
    if (exp10 < 0 && exp10 >= -22) return hi / POW10[-exp10];
    if (exp10 > 0 && exp10 <= 22) return hi * POW10[exp10];
    return Number.NaN;
  }
  // 16..19 digits: w = hi·10^loDigits + lo < 10^19 held exactly as s + t.
  const scale = POW10[loDigits];
  const p = hi * scale;
  const l = productError(hi, scale, p) + lo; // small integers: exact
  const s = p + l;
  const t = l - (s - p);
  if (exp10 === 0) return s;
  if (exp10 < 0 && exp10 >= -22) return divideRounded(s, t, -exp10);
  return Number.NaN;
}
