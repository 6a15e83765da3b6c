// The tutorial's unit tests (MLOpsPython tests/unit/code_test.py) in arrange / act / assert form.
import { describe, expect, it, vi } from "vitest";
import {
  type Estimator,
  getModelMetrics,
  type LinearModel,
  loadCsv,
  type Matrix,
  predict,
  type SplitData,
  splitData,
  trainModel,
} from "../../training/index.js";
import { DIABETES_CSV } from "./helpers.js";

const column = (values: number[]): Matrix => ({ rows: values.length, cols: 1, data: Float64Array.from(values) });

function data(train: number[], trainY: number[], test: number[], testY: number[]): SplitData {
  return {
    train: { x: column(train), y: Float64Array.from(trainY) },
    test: { x: column(test), y: Float64Array.from(testY) },
    featureNames: ["x"],
    target: "y",
    trainIndices: new Uint32Array(train.length),
    testIndices: new Uint32Array(test.length),
  };
}

describe("trainModel", () => {
  it("fits the tutorial's ridge example", () => {
    // Arrange
    const split = data([1, 2, 3, 4, 5, 6], [10, 9, 8, 8, 6, 5], [], []);

    // Act
    const model = trainModel(split, 1.2);
    const preds = predict(model, [[1], [2]]);

    // Assert (scikit-learn's Ridge(alpha=1.2) gives 9.93939393939394, 9.03030303030303)
    expect(preds[0]).toBeCloseTo(9.93939393939394, 12);
    expect(preds[1]).toBeCloseTo(9.03030303030303, 12);
  });

  it("calls the estimator's fit with the training side and the alpha", () => {
    // Arrange
    const fitted: LinearModel = {
      type: "ridge",
      alpha: 0.7,
      featureNames: ["x"],
      target: "y",
      coefficients: [0],
      intercept: 1,
    };
    const estimator: Estimator = { fit: vi.fn(() => fitted), predict: vi.fn() };
    const split = data([1, 2, 3], [4, 5, 6], [7], [8]);

    // Act
    const model = trainModel(split, 0.7, estimator);

    // Assert
    expect(model).toBe(fitted);
    expect(estimator.fit).toHaveBeenCalledOnce();
    expect(estimator.fit).toHaveBeenCalledWith(split.train.x, split.train.y, {
      alpha: 0.7,
      featureNames: ["x"],
      target: "y",
    });
    expect(estimator.predict).not.toHaveBeenCalled();
  });
});

describe("getModelMetrics", () => {
  it("scores a substituted model: predict is called on the test side and its output scored", () => {
    // Arrange: the tutorial's MockModel predicts [8.12121212, 7.21212121] whatever it is given.
    const model = {
      type: "ridge",
      alpha: 0,
      featureNames: ["x"],
      target: "y",
      coefficients: [0],
      intercept: 0,
    } as const;
    const estimator: Estimator = { fit: vi.fn(), predict: vi.fn(() => Float64Array.from([8.12121212, 7.21212121])) };
    const split = data([], [], [3, 4], [8, 7]);

    // Act
    const metrics = getModelMetrics(model, split, estimator);

    // Assert
    expect(estimator.predict).toHaveBeenCalledWith(model, split.test.x);
    expect(estimator.fit).not.toHaveBeenCalled();
    // The tutorial's assert_almost_equal: 7 decimals (its value is for the unrounded 8.1212…, 7.2121…).
    expect(metrics.mse).toBeCloseTo(0.029843893480257067, 7);
    expect(metrics.rmse).toBe(Math.sqrt(metrics.mse));
    expect(Object.keys(metrics).sort()).toEqual(["mae", "mse", "r2", "rmse"]);
  });
});

describe("splitData", () => {
  it("splits the sample 353 / 89 by default (test_size 0.2, random_state 0)", async () => {
    // Arrange
    const table = await loadCsv(DIABETES_CSV);

    // Act
    const split = splitData(table);

    // Assert
    expect([split.train.x.rows, split.test.x.rows]).toEqual([353, 89]);
    expect(split.train.x.cols).toBe(10);
    expect(split.target).toBe("Y");
  });
});
