import { describe, expect, it } from "vitest";
import { type LinearModel, predict, predictMatrix } from "../../training/index.js";

const model: LinearModel = {
  type: "ridge",
  alpha: 1,
  featureNames: ["a", "b"],
  target: "y",
  coefficients: [2, -3],
  intercept: 0.5,
};

describe("predict", () => {
  it("computes x·w + intercept for arrays and typed rows", () => {
    const out = predict(model, [[1, 1], Float64Array.from([4, 2])]);

    expect([...out]).toEqual([-0.5, 2.5]);
  });

  it("agrees with predictMatrix bit for bit, in the four-row blocks and the rows after them", () => {
    const wide: LinearModel = {
      ...model,
      featureNames: Array.from({ length: 10 }, (_, j) => `f${j}`),
      coefficients: Array.from({ length: 10 }, (_, j) => Math.sin(j + 1) * 1e3),
    };
    const rows = Array.from({ length: 11 }, (_, r) => Array.from({ length: 10 }, (_, j) => Math.cos(r * 10 + j) / 7));
    const x = { rows: 11, cols: 10, data: Float64Array.from(rows.flat()) };

    expect([...predictMatrix(wide, x)]).toEqual([...predict(wide, rows)]);
  });

  it.each([
    [[[1, 2, 3]], /row 0 has 3 values; the model expects 2 \(a,b\)/],
    [[[1, 2], [1]], /row 1 has 1 values/],
    [[[1, "2"]], /row 0, feature b: expected a finite number, got 2/],
    [[[Number.NaN, 1]], /row 0, feature a: expected a finite number, got NaN/],
  ])("rejects %j", (rows, message) => {
    expect(() => predict(model, rows as number[][])).toThrow(message);
  });

  it("rejects a matrix with the wrong number of columns", () => {
    expect(() => predictMatrix(model, { rows: 1, cols: 3, data: new Float64Array(3) })).toThrow(/3 columns; .* 2/);
  });
});
