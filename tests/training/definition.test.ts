import { describe, expect, it } from "vitest";
import { type Matrix, matrixOf } from "../../mlops/contract/index.js";
import { readCsvFrame } from "../../mlops/data/index.js";
import { compareOnnx } from "../../mlops/onnx/index.js";
import { splitInMemory } from "../../mlops/steps/index.js";
import { model as ridge, SIGNATURE } from "../../training/index.js";
import { DIABETES_CSV, REFERENCE, readJson, relErr } from "./helpers.js";

const frame = await readCsvFrame(DIABETES_CSV, [...SIGNATURE.inputs, SIGNATURE.target]);
const split = splitInMemory(frame, SIGNATURE.inputs, 0.2, 0);
const seed000 = ridge.fit(split.train.x, split.train.y, { alpha: 0.5 });
const reference = readJson<{ smoke_input: number[][]; smoke_result: number[] }>(`${REFERENCE}/expected.json`);

// The sample as the machinery sees it: its contract declarations and capabilities.
describe("the sample model's contract", () => {
  it("declares a regression on the ten diabetes doubles with one hyperparameter, alpha ≥ 0 (default 0.5)", () => {
    expect(ridge.task).toBe("regression");
    expect(ridge.signature.inputs.map((c) => `${c.name} ${c.type}`)).toEqual(
      ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"].map((n) => `${n} double`),
    );
    expect(ridge.hyperparameters).toEqual({
      alpha: expect.objectContaining({ type: "number", default: 0.5, min: 0 }),
    });
  });

  it("answers the tutorial's smoke rows with the documented values (scikit-learn's, ±1e-9)", () => {
    expect(ridge.smokeRows).toEqual(reference.smoke_input);
    const x = { rows: 2, cols: 10, data: Float64Array.from(reference.smoke_input.flat()) };

    const { values } = (ridge.predictMatrix as NonNullable<typeof ridge.predictMatrix>)(seed000, x) as {
      values: Float64Array;
    };

    reference.smoke_result.forEach((r, i) => {
      expect(relErr(values[i], r)).toBeLessThanOrEqual(1e-9);
    });
  });

  it("exports an ONNX graph that onnxruntime runs to the TypeScript model's doubles, bit for bit, on all 442 rows", async () => {
    const rows = { ...frame, columns: SIGNATURE.inputs, values: frame.values.slice(0, 10) };
    const x = matrixOf(rows) as Matrix;
    const bytes = ridge.onnx?.export(seed000, SIGNATURE.inputs) as Uint8Array;

    const agreement = await compareOnnx({
      bytes,
      input: ridge.onnx?.input as string,
      output: ridge.onnx?.output as string,
      x,
      expected: ridge.predict(seed000, rows),
      tolerance: { relative: 0, absolute: 0 },
    });

    expect(agreement.detail).toMatch(/largest difference 0 /);
    expect(agreement.agrees).toBe(true);
  });
});
