// In-process costs behind the serve benchmark's 100-row rows (bench/serve.ts), measured in the bench's process.
import { readFileSync } from "node:fs";
import type { Matrix, Prediction } from "../../mlops/contract/index.js";
import { parseDataMatrix } from "../../mlops/server/fast-matrix.js";
import { loadPredictor } from "../../mlops/server/index.js";
import { WasmNumberFormatter } from "../../mlops/server/wasm-format/index.js";
import { WasmMatrixParser } from "../../mlops/server/wasm-matrix/index.js";
import { median } from "./report.js";

/** Median µs per call of `f` (5 batches of 2,000 calls, after a warm-up batch). */
function microseconds(f: () => unknown): number {
  const batch = () => {
    const t = performance.now();
    for (let i = 0; i < 2000; i++) f();
    return ((performance.now() - t) / 2000) * 1000;
  };
  batch();
  return median(Array.from({ length: 5 }, batch));
}

/**
 * In-process costs of a 100-row request: parsing the body (WebAssembly, JavaScript, JSON.parse) and formatting the
 * 100 predictions, once as the load runs see them (the same values every request: V8's number-to-string cache
 * hits) and once with new values each time, as real traffic has.
 */
export async function costLines(modelDir: string, bodyFile: string): Promise<string[]> {
  const predictor = await loadPredictor(modelDir);
  const { predictMatrix } = predictor;
  if (!predictMatrix) return ["- (the model has no numeric fast path: no in-process cost lines)"];
  const width = predictor.info.signature.inputs.length;
  const scoreMatrix = (x: Matrix) => values(predictMatrix(x));
  const body = readFileSync(bodyFile);
  const scratch = { data: new Float64Array(0) };
  const wasm = new WasmMatrixParser(width);
  const parse = {
    wasm: microseconds(() => wasm.parse(body)),
    js: microseconds(() => parseDataMatrix(body, width, scratch)),
    json: microseconds(() => JSON.parse(body.toString("utf8"))),
  };
  // The server's own path: the parsed matrix through the model's predictMatrix, formatted by the WebAssembly formatter (and, for
  // comparison, by V8's join); "fresh" nudges every input by a tiny relative amount first, so every prediction is a
  // new double.
  const matrix = wasm.parse(body) as Matrix;
  const inputs = Float64Array.from(matrix.data);
  const formatter = new WasmNumberFormatter();
  const answers = {
    wasm: () => `{"result":[${formatter.join(scoreMatrix(matrix))}]}`,
    v8: () => `{"result":[${scoreMatrix(matrix).join(",")}]}`,
  };
  let k = 0;
  const fresh = (answer: () => string) => () => {
    const nudge = 1 + ++k * 2 ** -40;
    for (let i = 0; i < inputs.length; i++) matrix.data[i] = inputs[i] * nudge;
    return answer();
  };
  const repeated = { wasm: microseconds(answers.wasm), v8: microseconds(answers.v8) };
  // The nudge itself (1,000 multiplies) is timed alone and taken off, so "new" is the answer's cost only.
  const nudge = microseconds(fresh(() => ""));
  const nudged = { wasm: microseconds(fresh(answers.wasm)) - nudge, v8: microseconds(fresh(answers.v8)) - nudge };
  return [
    `- Where the 100-row time goes: the body is ${body.length} bytes of 17-digit decimals. Turning it into exact doubles costs ${parse.wasm.toFixed(0)} µs per request with our WebAssembly parser (the JavaScript byte parser: ${parse.js.toFixed(0)} µs; JSON.parse: ${parse.json.toFixed(0)} µs), in-process on this machine; the ceiling does no such work.`,
    `- Scoring the parsed rows and formatting the 100 predictions (Ryu's shortest digits in WebAssembly, the text String(x) gives) costs ${repeated.wasm.toFixed(0)} µs when they repeat, as in the fixed-body runs, and ${nudged.wasm.toFixed(0)} µs when they are new each time, as in real traffic and the varied runs. With V8's own join: ${repeated.v8.toFixed(0)} µs repeated (its number-to-string cache answers) and ${nudged.v8.toFixed(0)} µs new.`,
  ];
}

/** A regression's values (the serve benchmark's answers are one number per row). */
function values(p: Prediction): Float64Array {
  if (!("values" in p)) throw new Error("the serve cost lines format one value per row");
  return p.values;
}
