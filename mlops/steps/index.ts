// The pipeline steps: the same functions run from the CLI, the local pipeline and the Azure ML step entries.

export { type EvaluateStepOptions, evaluateStep, evaluationSettings, type Verdict } from "./evaluate.js";
export { type Metrics as MetricsFile, metricValue, numericMetrics, readMetrics } from "./io.js";
export { type PrepDataOptions, prepDataStep, readSplit, readSplitRecord, type SplitRecord } from "./prep-data.js";
export { type RegisterStepOptions, type Registration, registerStep } from "./register.js";
export {
  checkTrainOptions,
  TRAIN_OUTPUTS,
  type TrainMetricsFile,
  type TrainStepOptions,
  type TrainStepResult,
  trainOnSplit,
  trainStep,
} from "./train.js";
export { type TrainFromPrepOptions, trainFromPrepStep } from "./train-from-prep.js";
