// The public face of the user's model code: mlops/ and scoring/ import training/ only through this file.

export { FEATURES, TARGET } from "./columns.js";
export { column, columnIndex, type LoadOptions, loadCsv, parseCsv } from "./data-loader.js";
export {
  checkDataQuality,
  checkDistribution,
  checkMissingValues,
  checkSchema,
  type DataProfile,
  profileData,
  type QualityIssue,
} from "./data-quality.js";
export { type EvaluationRule, isBetterModel, type MetricDirection, type TieRule } from "./evaluation.js";
export { GramAccumulator, type LinearSolution } from "./gram.js";
export { regressionMetrics } from "./metrics.js";
export { type FitParams, fitRidge, fitRidgeStream, type RowChunk } from "./model.js";
export { modelFromJson, modelToJson } from "./model-json.js";
export { predict, predictMatrix } from "./predict.js";
export { MT19937, permutation } from "./random.js";
export { type SplitIndices, testCount, trainTestSplitIndices } from "./split.js";
export { mean, std } from "./stats.js";
export { type Evaluated, fitAndEvaluate, type TrainParams, type TrainResult, train } from "./train.js";
export {
  type Estimator,
  getModelMetrics,
  ridgeEstimator,
  type SplitOptions,
  splitData,
  trainModel,
} from "./trainer.js";
export type { Dataset, LinearModel, Matrix, Metrics, SplitData, Table } from "./types.js";
