// In-process costs behind the serve benchmark's 100-row rows (bench/serve.ts), measured in the bench's process.
import { readFileSync } from "node:fs";
import { parseDataMatrix } from "../../mlops/server/fast-matrix.js";
import { WasmMatrixParser } from "../../mlops/server/wasm-matrix/index.js";
import { init, scoreMatrix } from "../../scoring/index.js";
import type { Matrix } from "../../training/index.js";
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
  await init(modelDir);
  const body = readFileSync(bodyFile);
  const scratch = { data: new Float64Array(0) };
  const wasm = new WasmMatrixParser(10);
  const parse = {
    wasm: microseconds(() => wasm.parse(body)),
    js: microseconds(() => parseDataMatrix(body, 10, scratch)),
    json: microseconds(() => JSON.parse(body.toString("utf8"))),
  };
  // The server's own path: the parsed matrix through scoreMatrix, answered as the handler does; "fresh" nudges
  // every input by a tiny relative amount first, so every prediction is a new double.
  const matrix = wasm.parse(body) as Matrix;
  const inputs = Float64Array.from(matrix.data);
  const answer = () => `{"result":[${scoreMatrix(matrix).join(",")}]}`;
  const repeated = microseconds(answer);
  let k = 0;
  const fresh = microseconds(() => {
    const nudge = 1 + ++k * 2 ** -40;
    for (let i = 0; i < inputs.length; i++) matrix.data[i] = inputs[i] * nudge;
    return answer();
  });
  return [
    `- Where the 100-row time goes: the body is ${body.length} bytes of 17-digit decimals. Turning it into exact doubles costs ${parse.wasm.toFixed(0)} µs per request with our WebAssembly parser (the JavaScript byte parser: ${parse.js.toFixed(0)} µs; JSON.parse: ${parse.json.toFixed(0)} µs), in-process on this machine; the ceiling does no such work.`,
    `- Scoring the parsed rows and formatting the 100 predictions costs ${repeated.toFixed(0)} µs when they repeat (as in these runs: every request sends the same body, so V8's number-to-string cache answers) and ${fresh.toFixed(0)} µs when they are new each time, as in real traffic (the "100 rows, varied" rows above measure that; the peer pays its own formatting either way).`,
  ];
}
