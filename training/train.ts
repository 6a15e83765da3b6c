// The train entry: data in, fitted model + metrics out. mlops/steps/train.ts wraps it with files.

import { FEATURES, TARGET } from "./columns.js";
import { regressionMetrics } from "./metrics.js";
import { predictMatrix } from "./predict.js";
import { splitData, trainModel } from "./trainer.js";
import type { LinearModel, Metrics, SplitData, Table } from "./types.js";

/** Parameters of one training run. */
export interface TrainParams {
  readonly alpha: number;
  /** Fraction in (0, 1), or a whole count of test rows. */
  readonly testSize: number;
  readonly randomState: number;
  /** Feature columns, in model order; default the sample's FEATURES. */
  readonly features?: readonly string[];
  readonly target?: string;
}

/** A fitted model, its test metrics and its test predictions. */
export interface Evaluated {
  readonly model: LinearModel;
  readonly metrics: Metrics;
  /** Predictions for the test rows, in `split.test` order. */
  readonly testPredictions: Float64Array;
}

/** Everything a training run produces. */
export interface TrainResult extends Evaluated {
  readonly split: SplitData;
}

/** Fits on the training side of an existing split and scores on its test side. */
export function fitAndEvaluate(split: SplitData, alpha: number): Evaluated {
  const model = trainModel(split, alpha);
  const testPredictions = predictMatrix(model, split.test.x);
  return { model, metrics: regressionMetrics(split.test.y, testPredictions), testPredictions };
}

/** Splits, fits and evaluates: the tutorial's `main()` without the file handling. */
export function train(table: Table, params: TrainParams): TrainResult {
  const split = splitData(table, {
    testSize: params.testSize,
    randomState: params.randomState,
    features: params.features ?? FEATURES,
    target: params.target ?? TARGET,
  });
  return { ...fitAndEvaluate(split, params.alpha), split };
}
