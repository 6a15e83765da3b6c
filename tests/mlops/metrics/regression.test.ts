import { describe, expect, it } from "vitest";
import { regressionMetrics } from "../../../mlops/metrics/index.js";
import { numpy } from "../fixtures/numpy/index.js";

describe("regressionMetrics", () => {
  it("computes mse, rmse, mae and r2 from their definitions", () => {
    const m = regressionMetrics([3, -0.5, 2, 7], [2.5, 0, 2, 8]);

    expect(m.mse).toBe(0.375);
    expect(m.rmse).toBe(Math.sqrt(0.375));
    expect(m.mae).toBe(0.5);
    // r2 = 1 − 1.5 / Σ(y − ȳ)² = 1 − 1.5 / 29.1875
    expect(m.r2).toBe(1 - 1.5 / 29.1875);
  });

  it("agrees bit for bit with numpy's reductions on 300 values (fixtures/numpy)", () => {
    const ref = numpy().metrics;

    const m = regressionMetrics(ref.actual, ref.predicted);

    expect([m.mse, m.mae, m.r2]).toEqual([ref.mse, ref.mae, ref.r2]);
  });

  it("follows scikit-learn's r2 edge cases", () => {
    expect(regressionMetrics([5], [4]).r2).toBeNaN();
    expect(regressionMetrics([2, 2], [2, 2]).r2).toBe(1);
    expect(regressionMetrics([2, 2], [2, 3]).r2).toBe(0);
  });

  it("rejects mismatched lengths and empty input", () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/2 actual values but 1 predictions/);
    expect(() => regressionMetrics([], [])).toThrow(/empty test set/);
  });
});
