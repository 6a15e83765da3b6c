// Local hyperparameter sweeps: trials planned from the model's search space (grid or seeded random), trained in
// worker processes, ranked on a validation split carved from the training rows (docs/sweeps.md).

export { type PoolOptions, runTrials } from "./pool.js";
export type { ModelModule, TrialReply, TrialRequest } from "./protocol.js";
export { chartName, sweepCharts, type TrialResult, trialTable } from "./report.js";
export { runSweep, SWEEP_OUTPUTS, type SweepOptions, type SweepRecord } from "./run.js";
export { planTrials, type SamplingOptions, type TrialPlan, uniform01 } from "./sampling.js";
