import { describe, expect, it } from "vitest";
import { numbers, strings } from "../../../mlops/contract/index.js";
import { permutation, readCsvFrame, splitFrame, testCount } from "../../../mlops/data/index.js";
import { FIXTURES } from "../fixtures/index.js";

describe("train_test_split", () => {
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

  it("splitFrame takes the rows in permutation order (test first), every column along", async () => {
    const frame = await readCsvFrame(FIXTURES.multiclass.data, FIXTURES.multiclass.model.signature.inputs);
    const perm = permutation(frame.rows, 3);

    const split = splitFrame(frame, 0.2, 3);

    expect(split.test.rows).toBe(18);
    expect([...split.testIndices, ...split.trainIndices]).toEqual([...perm]);
    expect(numbers(split.test, "size")[0]).toBe(numbers(frame, "size")[perm[0]]);
    expect(strings(split.train, "color")[0]).toBe(strings(frame, "color")[perm[18]]);
  });
});
