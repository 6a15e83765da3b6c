import { describe, expect, it } from "vitest";
import { mean, pairwiseSum, std } from "../../../mlops/data/index.js";
import { numpy } from "../fixtures/numpy/index.js";

describe("stats", () => {
  it("sums exactly like numpy's pairwise np.sum, bit for bit", () => {
    // Values spanning 16 orders of magnitude make every summation order give a different double.
    const expected = numpy().pairwise_sum;

    const sums = expected.lengths.map((n) => pairwiseSum(expected.values, 0, n));

    expect(sums).toEqual(expected.sums);
  });

  it("computes the standard deviation as a standard deviation (not a second mean)", () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];

    expect(mean(values)).toBe(5);
    expect(std(values, 0)).toBe(2);
    expect(std(values)).toBeCloseTo(Math.sqrt(32 / 7), 15);
  });

  it("stays accurate far from zero where E[x²] − E[x]² cancels", () => {
    const values = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];

    expect(std(values, 0)).toBeCloseTo(Math.sqrt(22.5), 12);
  });

  it("gives NaN when there are too few values", () => {
    expect(std([1])).toBeNaN();
    expect(mean([])).toBeNaN();
  });
});
