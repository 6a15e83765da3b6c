// Metrics computed as scikit-learn does, by task (the one table of defaults is tasks.ts).
export {
  accuracy,
  classIndices,
  logLoss,
  macroF1,
  precisionRecallF1,
  type RocCurve,
  rocAuc,
  rocCurve,
} from "./classification.js";
export { regressionMetrics } from "./regression.js";
export { type MetricInfo, TASK_METRICS, taskMetrics } from "./tasks.js";
