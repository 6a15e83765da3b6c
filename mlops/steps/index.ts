// The pipeline steps: the same functions run from the CLI, the local pipeline and the Azure ML step entries. Each
// takes the model as an option and defaults to the project's (training/).

export { type EvaluationRule, isBetterModel, type MetricDirection, type TieRule } from "./better.js";
export {
  type EvaluateStepOptions,
  evaluateStep,
  evaluationSettings,
  type IncomparableAction,
  type Verdict,
} from "./evaluate.js";
export {
  IDENTITY_TAGS,
  identityDifferences,
  identityFromTags,
  identityOf,
  identityOfFolder,
  identityTags,
  type ModelIdentity,
} from "./identity.js";
export { type Metrics as MetricsFile, metricValue, numericMetrics, readMetrics } from "./io.js";
export {
  inputColumns,
  type PrepDataOptions,
  prepDataStep,
  readSplit,
  readSplitRecord,
  type Split,
  type SplitRecord,
  splitInMemory,
} from "./prep-data.js";
export { PARAM_TAG_PREFIX, type RegisterStepOptions, type Registration, registerStep } from "./register.js";
export {
  checkParams,
  checkTrainOptions,
  type SplitFacts,
  TRAIN_OUTPUTS,
  type TrainingSplit,
  type TrainMetricsFile,
  type TrainStepOptions,
  type TrainStepResult,
  trainOnSplit,
  trainStep,
} from "./train.js";
export { type TrainFromPrepOptions, trainFromPrepStep } from "./train-from-prep.js";
