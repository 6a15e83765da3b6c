import { describe, expect, it } from "vitest";
import { numbers } from "../../mlops/contract/index.js";
import { readCsvFrame, splitFrame, trainTestSplitIndices } from "../../mlops/data/index.js";
import { SIGNATURE } from "../../training/index.js";
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

// The sample's split, as scikit-learn made it (fixtures/reference/split_rs0.json).
describe("the sample's train_test_split", () => {
  it("gives scikit-learn's indices for random_state 0, test_size 0.2", () => {
    const { train, test } = trainTestSplitIndices(ref.n_samples, ref.test_size, ref.random_state);

    expect([test.length, train.length]).toEqual([ref.n_test, ref.n_train]);
    expect([...test]).toEqual(ref.test_indices);
    expect([...train]).toEqual(ref.train_indices);
  });

  it("splits the diabetes rows in that order, target along", async () => {
    const frame = await readCsvFrame(DIABETES_CSV, [...SIGNATURE.inputs, SIGNATURE.target]);

    const split = splitFrame(frame, ref.test_size, ref.random_state);

    expect(numbers(split.test, "Y")[0]).toBe(numbers(frame, "Y")[ref.test_indices[0]]);
    expect(numbers(split.train, "BMI")[0]).toBe(numbers(frame, "BMI")[ref.train_indices[0]]);
  });
});
