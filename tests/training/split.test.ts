import { describe, expect, it } from "vitest";
import { loadCsv, splitData, testCount, trainTestSplitIndices } from "../../training/index.js";
import { DIABETES_CSV, REFERENCE, readJson } from "./helpers.js";

interface SplitRef {
  readonly random_state: number;
  readonly test_size: number;
  readonly n_samples: number;
  readonly n_test: number;
  readonly n_train: number;
  readonly test_indices: number[];
  readonly train_indices: number[];
}

const ref = readJson<SplitRef>(`${REFERENCE}/split_rs0.json`);

describe("train_test_split", () => {
  it("gives scikit-learn's indices for random_state 0, test_size 0.2", () => {
    const { train, test } = trainTestSplitIndices(ref.n_samples, ref.test_size, ref.random_state);

    expect(test.length).toBe(ref.n_test);
    expect(train.length).toBe(ref.n_train);
    expect([...test]).toEqual(ref.test_indices);
    expect([...train]).toEqual(ref.train_indices);
  });

  it("splitData takes the rows in permutation order, features and target by name", async () => {
    const table = await loadCsv(DIABETES_CSV);

    const data = splitData(table, { features: ["BMI", "AGE"] });

    const first = ref.test_indices[0];
    const row = (c: number) => table.data[first * table.cols + c];
    expect(data.test.x.cols).toBe(2);
    expect([data.test.x.data[0], data.test.x.data[1]]).toEqual([row(2), row(0)]);
    expect(data.test.y[0]).toBe(row(10));
    expect(data.train.y[0]).toBe(table.data[ref.train_indices[0] * table.cols + 10]);
    expect([...data.testIndices]).toEqual(ref.test_indices);
  });

  it.each([
    [0.2, 442, 89], // ceil(88.4)
    [0.25, 100, 25],
    [0.1, 442, 45], // ceil(44.2)
    [1, 442, 1], // a whole number is a count
    [50, 442, 50],
  ])("test size %s of %s rows → %s test rows", (size, n, expected) => {
    expect(testCount(size, n)).toBe(expected);
  });

  it.each([
    [0, 442, /fraction in \(0, 1\) or a whole count/],
    [-0.2, 442, /fraction in \(0, 1\)/],
    [1.5, 442, /fraction in \(0, 1\)/],
    [442, 442, /count below the 442 rows/],
    [0.999, 442, /leaves no training rows/],
  ])("rejects test size %s of %s rows", (size, n, message) => {
    expect(() => testCount(size, n)).toThrow(message);
  });

  it("names the missing column when a feature is not in the table", async () => {
    const table = await loadCsv(DIABETES_CSV);

    expect(() => splitData(table, { features: ["BMI", "WEIGHT"] })).toThrow(/no column WEIGHT \(columns: AGE, SEX/);
  });
});
