import { join } from "node:path";
import type { JobBase } from "@azure/arm-machinelearning";
import { type Variables, variablesAsText } from "../../config/index.js";
import { writeJsonAtomic } from "../../fs/index.js";
import type { RunOutcome } from "../registry/in-job.js";
import { RESULT_TAG, VERDICT_REASON_TAG } from "./follow.js";
import type { BuildInfo } from "./job-body.js";
import { primaryMetric } from "./sweep.js";

/**
 * `<home>/runs/<job>/run.json` for a run on Azure ML, in the local run record's shape (ARCHITECTURE §5) so the same
 * tools read both: status, reason, metrics, verdict and registration come from the outcome the register step
 * tagged the pipeline job with. A registered model's smoke example goes to `train/model/smoke.json`, where a local
 * run keeps it. Returns the run folder.
 */
export async function writeAzureRunRecord(options: {
  readonly home: string;
  readonly jobName: string;
  readonly job: JobBase | undefined;
  readonly status: string;
  readonly variables: Variables;
  readonly build: BuildInfo;
  readonly link: string;
  readonly startedUtc: string;
  /** The training data asset the job took (`<name>:<version>`). */
  readonly dataAsset?: string;
}): Promise<string> {
  const { job, variables: v } = options;
  const tags = job?.properties.tags ?? {};
  const outcome = parseOutcome(tags[RESULT_TAG] ?? undefined);
  const canceledByVerdict = options.status === "Canceled" && outcome?.verdict?.action === "cancel";
  const status =
    options.status === "Completed"
      ? "completed"
      : options.status === "Canceled"
        ? "canceled"
        : options.status === "Failed"
          ? "failed"
          : "running";
  const reason = canceledByVerdict
    ? `canceled: ${tags[VERDICT_REASON_TAG] ?? outcome?.verdict?.reason}`
    : status === "completed" || status === "running"
      ? null
      : `the Azure ML job ended ${options.status}: ${options.link}`;
  const dir = join(options.home, "runs", options.jobName);
  const ended = status === "running" ? null : new Date();
  await writeJsonAtomic(join(dir, "run.json"), {
    run_id: options.jobName,
    target: "azureml",
    status,
    started_utc: options.startedUtc,
    ended_utc: ended?.toISOString() ?? null,
    duration_s: ended ? (ended.getTime() - Date.parse(options.startedUtc)) / 1000 : null,
    experiment_name: v.EXPERIMENT_NAME,
    model_name: v.MODEL_NAME,
    params: trainedParams(v, outcome),
    variables: variablesAsText(v),
    data_asset: options.dataAsset ?? null,
    build_id: options.build.buildId,
    build_uri: options.build.buildUri,
    job: { name: options.jobName, status: options.status, studio: options.link },
    metrics: outcome?.metrics ?? null,
    verdict: outcome?.verdict ?? null,
    registration: outcome?.registration ?? null,
    reason,
    ...(v.SWEEP ? { sweep: sweepSummary(v, outcome) } : {}),
  });
  if (outcome?.smoke && outcome.registration.registered) {
    await writeJsonAtomic(join(dir, "train", "model", "smoke.json"), outcome.smoke);
  }
  return dir;
}

/**
 * The parameters the registered model was fit with, as the train step wrote them into metrics.json (the outcome):
 * after a sweep, the best trial's hyperparameters, not the TRAIN_<NAME> knobs. Before the job has an outcome (still
 * running, failed before register): the knobs' values.
 */
function trainedParams(v: Variables, outcome: RunOutcome | undefined): Record<string, unknown> {
  const fromKnobs = { ...v.hyperparameters, test_size: v.TRAIN_TEST_SIZE, random_state: v.TRAIN_RANDOM_STATE };
  const trained = outcome?.params;
  if (!trained) return fromKnobs;
  const names = [...Object.keys(v.hyperparameters), "test_size", "random_state", "validation_size"];
  return { ...fromKnobs, ...Object.fromEntries(names.filter((n) => n in trained).map((n) => [n, trained[n]])) };
}

/**
 * SWEEP=true: how the sweep ranked trials and the winner — the best trial's hyperparameters and its
 * `validation_<EVALUATION_METRIC>` as its metrics.json holds them (null until the register step has recorded them).
 */
function sweepSummary(v: Variables, outcome: RunOutcome | undefined) {
  const metric = primaryMetric(v.EVALUATION_METRIC);
  const best = outcome?.params
    ? Object.fromEntries(Object.keys(v.hyperparameters).map((n) => [n, outcome.params?.[n] ?? null]))
    : null;
  return {
    sampling: v.SWEEP_SAMPLING,
    max_trials: v.SWEEP_MAX_TRIALS,
    max_concurrent_trials: v.SWEEP_MAX_CONCURRENT_TRIALS,
    metric,
    goal: v.EVALUATION_DIRECTION === "lower" ? "minimize" : "maximize",
    best_value: outcome?.metrics[metric] ?? null,
    params: best,
  };
}

function parseOutcome(text: string | undefined): RunOutcome | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as RunOutcome;
  } catch {
    return undefined;
  }
}
