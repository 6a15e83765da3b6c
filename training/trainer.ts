// The tutorial's three pure functions (MLOpsPython's train.py: split_data, train_model, get_model_metrics).

import { FEATURES, TARGET } from "./columns.js";
import { columnIndex } from "./data-loader.js";
import { regressionMetrics } from "./metrics.js";
import { type FitParams, fitRidge } from "./model.js";
import { predictMatrix } from "./predict.js";
import { trainTestSplitIndices } from "./split.js";
import type { Dataset, LinearModel, Matrix, Metrics, SplitData, Table } from "./types.js";

/** A learning algorithm: how to fit a model and how to predict with it. Substitute it in tests. */
export interface Estimator {
  fit(x: Matrix, y: Float64Array, params: FitParams): LinearModel;
  predict(model: LinearModel, x: Matrix): Float64Array;
}

/** The sample's algorithm: scikit-learn's Ridge. */
export const ridgeEstimator: Estimator = { fit: fitRidge, predict: predictMatrix };

/** How to split a table. Defaults are the tutorial's: 20 % test, random_state 0, the sample's columns. */
export interface SplitOptions {
  /** Fraction in (0, 1), or a whole count of test rows. */
  readonly testSize?: number;
  /** numpy RandomState seed, 0..2³²−1. */
  readonly randomState?: number;
  readonly features?: readonly string[];
  readonly target?: string;
}

/** Splits a table into train and test sets exactly like scikit-learn's `train_test_split`. */
export function splitData(table: Table, options: SplitOptions = {}): SplitData {
  const features = options.features ?? FEATURES;
  const target = options.target ?? TARGET;
  const featureCols = features.map((name) => columnIndex(table, name));
  const targetCol = columnIndex(table, target);
  const { train, test } = trainTestSplitIndices(table.rows, options.testSize ?? 0.2, options.randomState ?? 0);
  const take = (indices: Uint32Array): Dataset => {
    const p = featureCols.length;
    const x = new Float64Array(indices.length * p);
    const y = new Float64Array(indices.length);
    indices.forEach((row, i) => {
      const base = row * table.cols;
      for (let j = 0; j < p; j++) x[i * p + j] = table.data[base + featureCols[j]];
      y[i] = table.data[base + targetCol];
    });
    return { x: { rows: indices.length, cols: p, data: x }, y };
  };
  return {
    train: take(train),
    test: take(test),
    featureNames: [...features],
    target,
    trainIndices: train,
    testIndices: test,
  };
}

/** Fits the model on the training side of `data`. */
export function trainModel(data: SplitData, alpha: number, estimator: Estimator = ridgeEstimator): LinearModel {
  return estimator.fit(data.train.x, data.train.y, { alpha, featureNames: data.featureNames, target: data.target });
}

/** Metrics of `model` on the test side of `data`. */
export function getModelMetrics(model: LinearModel, data: SplitData, estimator: Estimator = ridgeEstimator): Metrics {
  return regressionMetrics(data.test.y, estimator.predict(model, data.test.x));
}
