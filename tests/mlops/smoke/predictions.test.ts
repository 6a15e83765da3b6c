import { describe, expect, it } from "vitest";
import { answerOf, compareAnswer, SMOKE_TOLERANCE } from "../../../mlops/smoke/index.js";

const CLASSES = ["apple", "cherry", "melon"];

describe("answerOf", () => {
  it("reads every answer shape a scoring service gives", () => {
    // ours (mlops/server) and score.py
    expect(answerOf({ result: [1.5, 2] })).toEqual({ values: [1.5, 2] });
    // MLflow's own scoring server (mlflow models serve)
    expect(answerOf({ predictions: [1.5, 2] })).toEqual({ values: [1.5, 2] });
    // a numpy result (.tolist()): a bare list, or a one-column 2-D array
    expect(answerOf([1.5, 2])).toEqual({ values: [1.5, 2] });
    expect(answerOf([[1.5], [2]])).toEqual({ values: [1.5, 2] });
    // Azure ML's MLflow server: pandas records orient of the model's output column (see smoke.test.ts)
    expect(answerOf([{ value: 1.5 }, { value: 2 }])).toEqual({ values: [1.5, 2] });
    // records of several columns: the output named by the model
    expect(answerOf([{ value: 1.5, other: 9 }], "value")).toEqual({ values: [1.5] });
    expect(answerOf({ value: [1.5, 2] }, "value")).toEqual({ values: [1.5, 2] }); // a dict of arrays
    // labels
    expect(answerOf({ result: ["apple", "melon"] })).toEqual({ values: ["apple", "melon"] });
    expect(answerOf([{ kind: "apple" }])).toEqual({ values: ["apple"] });
  });

  it("reads a classifier's classes and probabilities from our answer", () => {
    const body = { result: ["apple"], classes: CLASSES, probabilities: [[0.7, 0.2, 0.1]] };
    expect(answerOf(body)).toEqual({ values: ["apple"], classes: CLASSES, probabilities: [[0.7, 0.2, 0.1]] });
    expect(answerOf({ ...body, classes: undefined })).toBeUndefined();
    expect(answerOf({ ...body, probabilities: [["0.7", 0.2, 0.1]] })).toBeUndefined();
    expect(answerOf({ ...body, probabilities: "high" })).toBeUndefined();
  });

  it("refuses anything that is not one value per row", () => {
    expect(answerOf([null, null])).toBeUndefined();
    expect(answerOf([true, false])).toBeUndefined();
    expect(answerOf({ result: [1, null] })).toBeUndefined();
    expect(answerOf([[1, 2]])).toBeUndefined();
    expect(answerOf([{ value: 1.5, other: 9 }])).toBeUndefined(); // which column? the output must be named
    expect(answerOf([{ value: 1.5, other: 9 }], "missing")).toBeUndefined();
    expect(answerOf([{}])).toBeUndefined();
    expect(answerOf(null)).toBeUndefined();
    expect(answerOf("1.5")).toBeUndefined();
    expect(answerOf({ error: "bad" })).toBeUndefined();
    expect(answerOf({ result: 1.5 })).toBeUndefined();
  });
});

describe("compareAnswer", () => {
  it("passes values within ±1e-9 relative and fails beyond, naming the row, the values and the error", () => {
    expect(SMOKE_TOLERANCE).toBe(1e-9);
    const expected = { result: [100, -2] };
    expect(compareAnswer({ values: [100, -2] }, expected)).toEqual({ maxRelativeError: 0 });
    const near = compareAnswer({ values: [100 * (1 + 5e-10), -2] }, expected);
    expect(near.mismatch).toBeUndefined();
    expect(near.maxRelativeError).toBeGreaterThan(4e-10);
    expect(near.maxRelativeError).toBeLessThan(6e-10);
    expect(compareAnswer({ values: [100, -2 * (1 + 2e-9)] }, expected).mismatch).toMatch(
      /^result\[1\] is -2\.000000004\d*, expected -2 \(relative error 2\.00e-9 > 1e-9\)$/,
    );
    expect(compareAnswer({ values: [100] }, expected).mismatch).toBe("answered 1 values, expected 2 ([100])");
    expect(compareAnswer({ values: [0, -2] }, { result: [0, -2] }).mismatch).toBeUndefined();
    expect(compareAnswer({ values: [1e-300, -2] }, { result: [0, -2] }).mismatch).toMatch(/^result\[0\] is 1e-300/);
  });

  it("compares labels exactly, and probabilities class by class whatever the order", () => {
    const expected = {
      result: ["apple", "melon"],
      classes: CLASSES,
      probabilities: [
        [0.7, 0.2, 0.1],
        [0, 0, 1],
      ],
    };
    const same = { values: ["apple", "melon"], classes: CLASSES, probabilities: expected.probabilities };
    expect(compareAnswer(same, expected).mismatch).toBeUndefined();
    expect(compareAnswer({ values: ["apple", "melon"] }, expected).mismatch).toBeUndefined(); // labels only
    expect(compareAnswer({ ...same, values: ["apple", "cherry"] }, expected).mismatch).toBe(
      'result[1] is "cherry", expected "melon"',
    );
    const reordered = {
      ...same,
      classes: ["melon", "apple", "cherry"],
      probabilities: [
        [0.1, 0.7, 0.2],
        [1, 0, 0],
      ],
    };
    expect(compareAnswer(reordered, expected).mismatch).toBeUndefined();
    const off = {
      ...same,
      probabilities: [
        [0.7, 0.1, 0.2],
        [0, 0, 1],
      ],
    };
    expect(compareAnswer(off, expected).mismatch).toMatch(/^probabilities\[0\]\[cherry\] is 0\.1, expected 0\.2/);
    const missing = { ...same, probabilities: [[0.7, 0.2, 0.1]] };
    expect(compareAnswer(missing, expected).mismatch).toMatch(/^probabilities\[1\]\[apple\] is NaN/);
    expect(compareAnswer({ ...same, classes: ["apple", "cherry", "kiwi"] }, expected).mismatch).toMatch(/^classes /);
  });
});
