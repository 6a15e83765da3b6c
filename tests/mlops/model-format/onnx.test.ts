import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel, ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, saveModel } from "../../../mlops/model-format/index.js";
import type { LinearModel } from "../../../training/types.js";
import { dataRows, expected, maxRelativeError, modelOf, tempDir } from "./fixtures.js";

// One WASM thread: no worker threads in the test process, deterministic on the shared 2-core machine.
ort.env.wasm.numThreads = 1;

let dir: string;
let cleanup: () => Promise<void>;
let seed000: LinearModel;
let bmiOnly: LinearModel;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const ref = await expected();
  seed000 = modelOf(ref.cases[0]);
  bmiOnly = modelOf(ref.cases[1]);
  const rows = await dataRows();
  await saveModel(join(dir, "seed000"), seed000, { runId: "r", inputExample: rows.slice(0, 3) });
  await saveModel(join(dir, "bmi"), bmiOnly, { runId: "r", inputExample: (await dataRows(["BMI"])).slice(0, 3) });
});
afterAll(() => cleanup());

/** The oracle: intercept + Σ coefficient·x, written out here independently of the code under test. */
function linear(model: LinearModel, rows: number[][]): number[] {
  return rows.map((row) => row.reduce((sum, x, i) => sum + model.coefficients[i] * x, model.intercept));
}

async function runOnnx(path: string, rows: number[][]): Promise<{ dims: readonly number[]; data: Float64Array }> {
  const session = await ort.InferenceSession.create(await readFile(path));
  try {
    const input = new ort.Tensor("float64", Float64Array.from(rows.flat()), [rows.length, rows[0].length]);
    const output = (await session.run({ [ONNX_INPUT_NAME]: input }))[ONNX_OUTPUT_NAME];
    expect(output.type).toBe("float64");
    return { dims: output.dims, data: output.data as Float64Array };
  } finally {
    await session.release();
  }
}

describe("model.onnx", () => {
  it("predicts every data row in double precision within 1e-9 of the TS model (onnxruntime-web, WASM)", async () => {
    const rows = await dataRows();
    const { dims, data } = await runOnnx(join(dir, "seed000/model.onnx"), rows);
    expect(dims).toEqual([rows.length, 1]);
    expect(maxRelativeError(data, linear(seed000, rows))).toBeLessThanOrEqual(1e-9);
  });

  it("answers the tutorial smoke payload with the reference result", async () => {
    const ref = await expected();
    const loaded = await loadModel(join(dir, "seed000"));
    const { data } = await runOnnx(loaded.onnxPath, loaded.smoke.input.data);
    expect(maxRelativeError(data, ref.smoke_result)).toBeLessThanOrEqual(1e-9);
    expect(maxRelativeError(data, loaded.smoke.result)).toBeLessThanOrEqual(1e-9);
  });

  it("predicts a 1-feature model within 1e-9", async () => {
    const rows = await dataRows(["BMI"]);
    const { dims, data } = await runOnnx(join(dir, "bmi/model.onnx"), rows);
    expect(dims).toEqual([rows.length, 1]);
    expect(maxRelativeError(data, linear(bmiOnly, rows))).toBeLessThanOrEqual(1e-9);
  });
});
