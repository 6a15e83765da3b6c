// Runs a model's ONNX export with onnxruntime-web (WebAssembly, no native download) and compares its answers with
// the TypeScript model's: the promise an ONNX flavor makes, checked on every save and every load.
import type { Matrix, Prediction, Tolerance } from "../contract/index.js";
import { isClassPrediction } from "../contract/index.js";
import { onnxModel } from "./builder.js";

/** What to run and what it must answer. */
export interface OnnxComparison {
  readonly bytes: Uint8Array;
  /** The graph's input and output names. */
  readonly input: string;
  readonly output: string;
  /** The rows, all doubles, in the model's input order. */
  readonly x: Matrix;
  /** The TypeScript model's prediction for the same rows. */
  readonly expected: Prediction;
  readonly tolerance: Tolerance;
}

/** How the ONNX answers compared: the worst value, and whether every value was within the tolerance. */
export interface OnnxAgreement {
  readonly agrees: boolean;
  /** The largest |onnx − ts| and where; `detail` says it in words. */
  readonly maxDifference: number;
  readonly detail: string;
}

type Ort = typeof import("onnxruntime-web");
let runtime: Promise<Ort> | undefined;

/** onnxruntime-web, loaded once, single-threaded (no worker threads: deterministic and quiet in servers and tests). */
function ort(): Promise<Ort> {
  runtime ??= import("onnxruntime-web").then((module) => {
    module.env.wasm.numThreads = 1;
    return module;
  });
  return runtime;
}

let warming = false;

/**
 * Starts loading onnxruntime and compiling its WebAssembly now (its first session costs ~0.6 s on a 2-core machine),
 * so that a check later — after a fit, say — finds it ready: V8 compiles WebAssembly on background threads while
 * the caller works. Idempotent; a failure surfaces at the real check, not here.
 */
export function prewarmOnnx(): void {
  if (warming) return;
  warming = true;
  void ort()
    .then(({ InferenceSession }) => InferenceSession.create(IDENTITY))
    .then((session) => session.release())
    .catch(() => undefined);
}

/** A one-node graph (y = x) for the warm-up session. */
const IDENTITY = onnxModel({
  graphName: "warm_up",
  nodes: [{ op: "Identity", inputs: ["x"], outputs: ["y"] }],
  initializers: [],
  inputs: [{ name: "x", shape: ["N"] }],
  outputs: [{ name: "y", shape: ["N"] }],
  producerVersion: "0",
});

/** Runs the export on `x` and compares; throws when onnxruntime cannot run the file (its message says why). */
export async function compareOnnx(c: OnnxComparison): Promise<OnnxAgreement> {
  const { InferenceSession, Tensor } = await ort();
  const session = await InferenceSession.create(c.bytes);
  let got: { dims: readonly number[]; data: unknown };
  try {
    if (!session.inputNames.includes(c.input) || !session.outputNames.includes(c.output)) {
      throw new Error(
        `the graph reads ${session.inputNames.join(", ")} and writes ${session.outputNames.join(", ")}, ` +
          `not ${c.input} → ${c.output}`,
      );
    }
    const input = new Tensor("float64", c.x.data, [c.x.rows, c.x.cols]);
    got = (await session.run({ [c.input]: input }))[c.output];
  } finally {
    await session.release();
  }
  const want = isClassPrediction(c.expected) ? c.expected.probabilities : c.expected.values;
  const width = isClassPrediction(c.expected) ? c.expected.classes.length : 1;
  const shape = `[${got.dims.join(", ")}]`;
  if (!(got.data instanceof Float64Array)) return refuse(`output ${c.output} is not float64 (${typeof got.data})`);
  if (got.data.length !== want.length || got.dims[0] !== c.x.rows)
    return refuse(`output ${c.output} has shape ${shape}; expected [${c.x.rows}, ${width}]`);
  let worst = { diff: -1, i: 0 };
  let agrees = true;
  for (let i = 0; i < want.length; i++) {
    const diff = Math.abs(got.data[i] - want[i]);
    const allowed = c.tolerance.relative * Math.abs(want[i]) + c.tolerance.absolute;
    if (!(diff <= allowed)) agrees = false;
    if (!(diff <= worst.diff)) worst = { diff: Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff, i };
  }
  const row = Math.floor(worst.i / width);
  const which = width > 1 ? ` (class ${worst.i % width})` : "";
  const rel = worst.diff / Math.max(Math.abs(want[worst.i]), Number.MIN_VALUE);
  return {
    agrees,
    maxDifference: worst.diff,
    detail:
      `largest difference ${worst.diff} (${rel.toExponential(2)} relative) at row ${row}${which}: ` +
      `onnx ${got.data[worst.i]} vs TypeScript ${want[worst.i]}`,
  };

  function refuse(detail: string): OnnxAgreement {
    return { agrees: false, maxDifference: Number.POSITIVE_INFINITY, detail };
  }
}
