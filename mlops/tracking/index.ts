// MLflow tracking over its REST API: what a step logs to its run (in Azure ML, the job's run shown in the studio).
export {
  type KeyValue,
  LIMITS,
  type LogBatchBody,
  type MetricEntry,
  metricsOf,
  paramsOf,
  type RunData,
  toBatches,
} from "./batches.js";
export { type LogOptions, logRunData } from "./client.js";
export { restBase, type TrackingSetup, type TrackingTarget, trackingSetup } from "./target.js";
