// Predictions: what the machinery accepts from a model, per task, and how it answers in JSON.
import { describe, expect, it } from "vitest";
import { checkPrediction, labelIndices, predictedLabels, predictionJson } from "../../../mlops/contract/index.js";
import { ScoringInputError } from "../../../mlops/errors/index.js";

const values = (...v: number[]) => ({ values: new Float64Array(v) });
const classes = (names: (string | number)[], ...p: number[]) => ({
  classes: names,
  probabilities: new Float64Array(p),
});

describe("checkPrediction: regression", () => {
  it("accepts one finite value per row", () => {
    const p = values(1, 2);
    expect(checkPrediction(p, 2, "regression", "predict")).toBe(p);
  });
  it("refuses the wrong shape or length as a broken contract", () => {
    expect(() => checkPrediction(classes(["a", "b"], 1, 0), 1, "regression", "m")).toThrow(
      "m: a regression model must predict {values: Float64Array}",
    );
    expect(() => checkPrediction({ values: [1] as never }, 1, "regression", "m")).toThrow(/Float64Array/);
    expect(() => checkPrediction(values(1), 2, "regression", "m")).toThrow("m: 1 predictions for 2 rows");
  });
  it("refuses an overflow as the input's fault (a 400, not a 500)", () => {
    expect(() => checkPrediction(values(1, Number.POSITIVE_INFINITY), 2, "regression", "m")).toThrow(ScoringInputError);
    expect(() => checkPrediction(values(Number.NaN), 1, "regression", "m")).toThrow(/m\[0\]: the prediction overflows/);
  });
});

describe("checkPrediction: classification", () => {
  it("accepts probabilities per row summing to 1", () => {
    expect(() => checkPrediction(classes(["a", "b", "c"], 0.2, 0.3, 0.5, 1, 0, 0), 2, "multiclass", "m")).not.toThrow();
    expect(() => checkPrediction(classes([0, 1], 0.5, 0.5), 1, "binary", "m")).not.toThrow();
  });
  it.each([
    [values(1), 1, "multiclass", "m: a multiclass classifier must predict {classes, probabilities}"],
    [classes(["a"], 1), 1, "multiclass", "m: a multiclass classifier must name at least 2 classes, got 1"],
    [classes(["a", "b", "c"], 1, 0, 0), 1, "binary", "m: a binary classifier must name 2 classes, got 3"],
    [classes(["a", "b"], 1, 0, 0), 1, "binary", "m: 3 probabilities for 1 rows × 2 classes"],
    [classes(["a", "b"], 1.5, -0.5), 1, "binary", "m[0]: probability of class a is 1.5, not in [0, 1]"],
    [classes(["a", "b"], Number.NaN, 1), 1, "binary", "m[0]: probability of class a is NaN, not in [0, 1]"],
    [classes(["a", "b"], 0.5, 0.4), 1, "binary", "m[0]: the class probabilities sum to 0.9, not 1"],
    [
      { ...classes(["a", "b"], 0.5, 0.5), labels: new Int32Array([2]) },
      1,
      "binary",
      "m[0]: label index 2 out of range",
    ],
    [{ ...classes(["a", "b"], 0.5, 0.5), labels: new Int32Array([0, 1]) }, 1, "binary", "m: 2 labels for 1 rows"],
  ] as const)("refuses %j for %i row(s) of %s", (p, rows, task, message) => {
    expect(() => checkPrediction(p as never, rows, task, "m")).toThrow(message);
  });
});

describe("labels and JSON", () => {
  it("labels are the most probable class, the first on a tie (numpy's argmax), or the model's own", () => {
    const p = classes(["x", "y", "z"], 0.1, 0.6, 0.3, 0.4, 0.2, 0.4);
    expect(Array.from(labelIndices(p))).toEqual([1, 0]);
    expect(predictedLabels(p)).toEqual(["y", "x"]);
    expect(predictedLabels({ ...p, labels: new Int32Array([2, 2]) })).toEqual(["z", "z"]);
  });
  it("answers {result} for regression and {result, classes, probabilities} for classifiers", () => {
    expect(predictionJson(values(1.5, -2))).toEqual({ result: [1.5, -2] });
    expect(predictionJson(classes([0, 1], 0.25, 0.75, 1, 0))).toEqual({
      result: [1, 0],
      classes: [0, 1],
      probabilities: [
        [0.25, 0.75],
        [1, 0],
      ],
    });
  });
});
