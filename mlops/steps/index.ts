// The pipeline steps: the same functions run from the CLI, the local pipeline and the Azure ML step entries.

export {
  checkTrainOptions,
  TRAIN_OUTPUTS,
  type TrainMetricsFile,
  type TrainStepOptions,
  type TrainStepResult,
  trainOnSplit,
  trainStep,
} from "./train.js";
