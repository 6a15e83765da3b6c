import { numericMetrics, readMetrics, type Verdict } from "../steps/index.js";
import { logRunData, metricsOf, paramsOf, type RunData, trackingSetup } from "../tracking/index.js";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Logs `data` to the step's MLflow run when the job set tracking up (MLFLOW_TRACKING_URI: every Azure ML job); does
 * nothing otherwise (a local run). Tracking mirrors what the step wrote — metrics.json, verdict.json, the job's
 * `mlops.result` tag keep it all — so a refusal or an unreachable server is one warning line, not a failed step.
 */
export async function logToRun(step: string, data: () => Promise<RunData> | RunData, env: Env = process.env) {
  const setup = trackingSetup(env);
  if (setup.kind === "off") return;
  if (setup.kind === "skip") {
    console.error(`${step}: warning: not logged to MLflow: ${setup.reason}`);
    return;
  }
  try {
    await logRunData(setup.target, await data());
    console.log(`${step}: params and metrics logged to MLflow run ${setup.target.runId}`);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    console.error(`${step}: warning: not logged to MLflow run ${setup.target.runId}: ${message}`);
  }
}

/** The train step's run data: metrics.json's `params` object as params, its top-level numbers as metrics. */
export async function trainRunData(outputDir: string): Promise<RunData> {
  const file = (await readMetrics(outputDir)) as Readonly<Record<string, unknown>>;
  const params = file.params;
  const isObject = (value: unknown): value is Record<string, unknown> =>
    value !== null && typeof value === "object" && !Array.isArray(value);
  return { params: isObject(params) ? paramsOf(params) : [], metrics: metricsOf(numericMetrics(file)) };
}

/**
 * The evaluate step's run data: the decision and the rule as params and tags, the compared values as metrics
 * `new_<metric>` and `production_<metric>` (the latter only when there is a production model).
 */
export function verdictRunData(verdict: Verdict): RunData {
  const compared: Record<string, number> = { [`new_${verdict.metric}`]: verdict.new_value };
  if (verdict.production_value !== null) compared[`production_${verdict.metric}`] = verdict.production_value;
  return {
    params: paramsOf({
      decision: verdict.decision,
      action: verdict.action,
      metric: verdict.metric,
      direction: verdict.direction,
      tie: verdict.tie,
    }),
    metrics: metricsOf(compared),
    tags: [
      { key: "mlops.verdict", value: verdict.decision },
      { key: "mlops.verdict_reason", value: verdict.reason },
    ],
  };
}
