// The TypeScript side of training/bench/fit.ts's large fit, one mode per process so each peak RSS is its own.
//   fit-child.ts memory N P   X (N × P) in one Float64Array, then fitRidge: fit seconds (median of 3), peak RSS
//   fit-child.ts stream N P   rows generated 8192 at a time into fitRidgeStream: X never exists in full
//   fit-child.ts baseline     peak RSS of Node with the training code loaded
import { median } from "../../bench/lib/report.js";
import { fitRidge, fitRidgeStream, type LinearModel, type RowChunk } from "../index.js";

const [mode, nArg = "0", pArg = "0"] = process.argv.slice(2);
const n = Number(nArg);
const p = Number(pArg);
const CHUNK = 8192;
const peakMb = () => process.resourceUsage().maxRSS / 1024; // KiB on Linux

/** xorshift32 in [0, 1): fast and deterministic; the values do not change the work a fit does. */
function uniform(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Fills rows of x and y: y = x·(1, 2, …, p) + small noise. */
function fill(x: Float64Array, y: Float64Array, rows: number, rnd: () => number): void {
  for (let r = 0; r < rows; r++) {
    let t = 0.1 * (rnd() - 0.5);
    for (let j = 0; j < p; j++) {
      const v = rnd();
      x[r * p + j] = v;
      t += v * (j + 1);
    }
    y[r] = t;
  }
}

const params = { alpha: 1, featureNames: Array.from({ length: p }, (_, j) => `x${j}`), target: "y" };
const coefError = (m: LinearModel) => Math.max(...m.coefficients.map((w, j) => Math.abs(w - (j + 1))));

function memory(): object {
  const x = new Float64Array(n * p);
  const y = new Float64Array(n);
  fill(x, y, n, uniform(1));
  const times: number[] = [];
  let model: LinearModel | undefined;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    model = fitRidge({ rows: n, cols: p, data: x }, y, params);
    times.push((performance.now() - t) / 1000);
  }
  return { fit_s: median(times), peak_mb: peakMb(), max_coef_error: coefError(model as LinearModel) };
}

function stream(): object {
  const x = new Float64Array(CHUNK * p);
  const y = new Float64Array(CHUNK);
  const times: number[] = [];
  let model: LinearModel | undefined;
  for (let k = 0; k < 3; k++) {
    const rnd = uniform(1);
    let generating = 0;
    function* chunks(): Generator<RowChunk> {
      for (let start = 0; start < n; start += CHUNK) {
        const rows = Math.min(CHUNK, n - start);
        const t = performance.now();
        fill(x, y, rows, rnd);
        generating += performance.now() - t;
        yield { x, y, rows };
      }
    }
    const t = performance.now();
    model = fitRidgeStream(chunks(), params);
    times.push((performance.now() - t - generating) / 1000); // the fit's own time, not the data generator's
  }
  return { fit_s: median(times), peak_mb: peakMb(), max_coef_error: coefError(model as LinearModel) };
}

const result = mode === "memory" ? memory() : mode === "stream" ? stream() : { peak_mb: peakMb() };
console.log(JSON.stringify(result));
