import type { Matrix } from "../contract/index.js";
import { decimalToDouble } from "./decimal.js";
import { WasmMatrixParser } from "./wasm-matrix/index.js";

/** Reusable storage for parsed matrices, one per server: it grows up to SCRATCH_KEEP_BYTES, never past. */
export interface MatrixScratch {
  data: Float64Array;
}

/** Larger matrices get storage of their own, dropped with them: one large body must not pin its memory. */
export const SCRATCH_KEEP_BYTES = 8 * 2 ** 20;

/**
 * The hot path of POST /score: parses a body that is exactly `{"data": [[n, ...], ...]}` (any JSON whitespace)
 * with `width` finite numbers per row, straight from the bytes into a row-major matrix — no intermediate arrays,
 * no per-number strings. Numbers are the doubles JSON.parse would give, bit for bit. Returns undefined for any
 * other body (another shape, a wrong width, a non-number, invalid JSON, ...): the caller then takes the general
 * path, which explains what was wrong. The matrix lives in `scratch`: use it before the next call.
 */
export function parseDataMatrix(b: Buffer, width: number, scratch: MatrixScratch): Matrix | undefined {
  const n = b.length;
  const view = new DataView(b.buffer, b.byteOffset, n);
  let i = 0;
  let c = b[i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  if (c !== 123) return undefined; // {
  c = b[++i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  // "data"
  if (c !== 34 || b[i + 1] !== 100 || b[i + 2] !== 97 || b[i + 3] !== 116 || b[i + 4] !== 97 || b[i + 5] !== 34) {
    return undefined;
  }
  i += 6;
  c = b[i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  if (c !== 58) return undefined; // :
  c = b[++i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  if (c !== 91) return undefined; // [
  c = b[++i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  let data = scratch.data;
  let k = 0;
  let rows = 0;
  for (;;) {
    if (c !== 91) return undefined; // a row's [
    if (k + width > data.length) {
      const grown = new Float64Array(Math.max(2 * data.length, 64 * width));
      grown.set(data.subarray(0, k));
      data = grown;
      if (grown.byteLength <= SCRATCH_KEEP_BYTES) scratch.data = grown;
    }
    c = b[++i];
    for (let j = 0; j < width; j++) {
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
      const start = i;
      const negative = c === 45; // -
      if (negative) c = b[++i];
      let hi = 0;
      let lo = 0;
      let loDigits = 0;
      let digits = 0; // significant digits seen
      let exp10 = 0;
      if (c === 48) {
        c = b[++i]; // a lone leading 0 (JSON allows no others)
      } else if (c >= 49 && c <= 57) {
        do {
          if (digits < 15) hi = hi * 10 + (c - 48);
          else if (digits < 19) {
            lo = lo * 10 + (c - 48);
            loDigits++;
          }
          digits++;
          c = b[++i];
        } while (c >= 48 && c <= 57);
      } else return undefined;
      if (c === 46) {
        // . fraction: at least one digit
        const fraction = ++i;
        c = b[i];
        if (!(c >= 48 && c <= 57)) return undefined;
        if (digits === 0) while (c === 48) c = b[++i]; // leading zeros are not significant
        // Four digits at a time while they fit the exact 15-digit part (SWAR on one 32-bit load).
        while (digits <= 11 && i + 4 <= n) {
          const v = view.getUint32(i, true);
          if (((v & 0xf0f0f0f0) | (((v + 0x06060606) & 0xf0f0f0f0) >>> 4)) !== 0x33333333) break;
          const d = v - 0x30303030;
          const pairs = (Math.imul(d, 10) + (d >>> 8)) & 0x00ff00ff;
          hi = hi * 10000 + (pairs & 0xff) * 100 + (pairs >>> 16);
          digits += 4;
          i += 4;
        }
        c = b[i];
        while (c >= 48 && c <= 57) {
          if (digits < 15) hi = hi * 10 + (c - 48);
          else if (digits < 19) {
            lo = lo * 10 + (c - 48);
            loDigits++;
          }
          digits++;
          c = b[++i];
        }
        exp10 = fraction - i;
      }
      if (c === 101 || c === 69) {
        // e / E exponent
        c = b[++i];
        const expNegative = c === 45;
        if (c === 45 || c === 43) c = b[++i];
        if (!(c >= 48 && c <= 57)) return undefined;
        let e = 0;
        do {
          if (e < 100_000) e = e * 10 + (c - 48);
          c = b[++i];
        } while (c >= 48 && c <= 57);
        exp10 += expNegative ? -e : e;
      }
      let value = digits === 0 ? 0 : digits > 19 ? Number.NaN : decimalToDouble(hi, lo, loDigits, exp10);
      // No fast path (over 19 digits, far exponents, unprovable rounding): let V8 convert the text.
      if (Number.isNaN(value)) value = Number(b.toString("latin1", negative ? start + 1 : start, i));
      if (!Number.isFinite(value)) return undefined; // 1e999: the general path names it
      data[k++] = negative ? -value : value;
      while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
      if (j < width - 1) {
        if (c !== 44) return undefined; // ,
        c = b[++i];
      }
    }
    if (c !== 93) return undefined; // the row's ]
    rows++;
    c = b[++i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
    if (c === 93) break; // the list's ]
    if (c !== 44) return undefined;
    c = b[++i];
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  }
  c = b[++i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  if (c !== 125) return undefined; // }
  c = b[++i];
  while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++i];
  if (i !== n) return undefined;
  return { rows, cols: width, data: data.subarray(0, k) };
}

/**
 * The /score fast path for a model of `width` columns: the WebAssembly parser (about 3× faster), then this
 * module's parser for what it declines (numbers it cannot convert exactly; it declines the same non-matching
 * bodies). Undefined: not a `{"data": ...}` body of finite numbers, the general path answers it.
 */
export function createMatrixParser(width: number): (body: Buffer) => Matrix | undefined {
  const wasm = new WasmMatrixParser(width);
  const scratch: MatrixScratch = { data: new Float64Array(64 * width) };
  return (body) => wasm.parse(body) ?? parseDataMatrix(body, width, scratch);
}
