import { mkdir } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { type Variables, variablesAsText } from "../config/index.js";
import type { ModelDefinition } from "../contract/index.js";
import { mlopsHome } from "../registry/index.js";
import type { ModelModule } from "../sweep/index.js";
import { runContext } from "./context.js";
import { type PlannedStep, planSteps, type RunState } from "./plan.js";
import type { Progress } from "./progress.js";
import { newRunId, type RunRecord, type StepRecord, saveRecord } from "./record.js";

/** Options of {@link runLocal}. */
export interface LocalRunOptions {
  readonly variables: Variables;
  /** The MLOps folder (runs + registry); default `mlopsHome()`. */
  readonly home?: string;
  readonly progress?: Progress;
  /** Where BUILD_BUILDID / BUILD_BUILDURI are read; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The model (default: the project's, training/). */
  readonly model?: ModelDefinition;
  /** With `model` and SWEEP=true: the module exporting it (the sweep's worker processes import it). */
  readonly modelModule?: ModelModule;
  /** SWEEP=true: worker processes for the trials (default one per core). */
  readonly sweepWorkers?: number;
}

/** The finished run: its record (as saved in run.json) and its folder. */
export interface LocalRunResult {
  readonly record: RunRecord;
  readonly runDir: string;
}

/**
 * Runs the pipeline locally in `<home>/runs/<run-id>/`, one output folder per step, and keeps `run.json` up to date
 * after every step. A step that fails stops the run (status `failed`, its error recorded; earlier outputs stay);
 * a `cancel` verdict ends it `canceled` without registering. Never throws for a step failure: check `status`.
 */
export async function runLocal(options: LocalRunOptions): Promise<LocalRunResult> {
  const v = options.variables;
  const home = resolve(options.home ?? mlopsHome());
  const runId = newRunId();
  const runDir = join(home, "runs", runId);
  const context = await runContext(options.env);
  const steps = planSteps(v, {
    runId,
    runDir,
    home,
    context,
    ...(options.model ? { model: options.model } : {}),
    ...(options.modelModule ? { modelModule: options.modelModule } : {}),
    ...(options.sweepWorkers ? { sweepWorkers: options.sweepWorkers } : {}),
    onTrial: (line) => options.progress?.note?.(line),
  });
  const started = performance.now();
  const record: RunRecord = {
    run_id: runId,
    target: "local",
    status: "running",
    started_utc: new Date().toISOString(),
    ended_utc: null,
    duration_s: null,
    experiment_name: v.EXPERIMENT_NAME,
    model_name: v.MODEL_NAME,
    params: trainingParams(v),
    variables: variablesAsText(v),
    data: { file: v.DATA_FILE, sha256: null },
    git_commit: context.gitCommit,
    build_id: context.buildId,
    build_uri: context.buildUri,
    steps: steps.map((s) => ({
      name: s.name,
      status: "pending",
      started_utc: null,
      duration_s: null,
      output: s.output,
    })),
    metrics: null,
    verdict: null,
    registration: null,
    plots: [],
    reason: null,
  };
  const state: RunState = { dataSha256: null, metrics: null, verdict: null, registration: null, plots: [] };
  await mkdir(runDir, { recursive: true });
  await saveRecord(runDir, record);

  for (const [i, step] of steps.entries()) {
    const entry = record.steps[i];
    if (step.name === "register" && state.verdict?.action === "cancel") {
      entry.status = "skipped";
      entry.reason = "the evaluation canceled the run";
      options.progress?.stepEnded(step.name, "skipped", 0, "canceled: not better");
      record.status = "canceled";
      record.reason = `canceled: ${state.verdict.reason}`;
      break;
    }
    const failed = await runStep(step, entry, state, options.progress);
    Object.assign(record, { metrics: state.metrics, verdict: state.verdict, registration: state.registration });
    record.data.sha256 = state.dataSha256;
    record.plots = state.plots.map((path) => relative(runDir, path).split(sep).join("/"));
    if (state.sweep && !record.sweep) {
      // The registered model was fit with the winner's values: params say so; sweep.json has every trial.
      record.sweep = state.sweep;
      record.params = { ...record.params, ...state.sweep.params };
    }
    if (failed) {
      record.status = "failed";
      record.reason = `step ${step.name} failed: ${failed}`;
      break;
    }
    await saveRecord(runDir, record);
  }
  if (record.status === "running") record.status = "completed";
  for (const entry of record.steps) if (entry.status === "pending") entry.status = "not_run";
  record.ended_utc = new Date().toISOString();
  record.duration_s = (performance.now() - started) / 1000;
  await saveRecord(runDir, record);
  return { record, runDir };
}

/** Runs one step, recording its status and duration; resolves to the error message when it failed. */
async function runStep(
  step: PlannedStep,
  entry: StepRecord,
  state: RunState,
  progress: Progress | undefined,
): Promise<string | undefined> {
  entry.status = "running";
  entry.started_utc = new Date().toISOString();
  progress?.stepStarted(step.name);
  const t0 = performance.now();
  try {
    const note = await step.run(state);
    entry.duration_s = (performance.now() - t0) / 1000;
    entry.status = "completed";
    progress?.stepEnded(step.name, "completed", entry.duration_s, note);
    return undefined;
  } catch (error) {
    entry.duration_s = (performance.now() - t0) / 1000;
    entry.status = "failed";
    entry.error = error instanceof Error ? error.message : String(error);
    progress?.stepEnded(step.name, "failed", entry.duration_s);
    return entry.error;
  }
}

/** run.json's params: the model's hyperparameter values, then the data, split and evaluation settings. */
function trainingParams(v: Variables): Record<string, unknown> {
  return {
    ...v.hyperparameters,
    data_file: v.DATA_FILE,
    features: v.TRAIN_FEATURES,
    test_size: v.TRAIN_TEST_SIZE,
    random_state: v.TRAIN_RANDOM_STATE,
    evaluation: v.RUN_EVALUATION
      ? {
          metric: v.EVALUATION_METRIC,
          direction: v.EVALUATION_DIRECTION,
          tie: v.EVALUATION_TIE,
          incomparable: v.EVALUATION_INCOMPARABLE,
        }
      : null,
    allow_run_cancel: v.ALLOW_RUN_CANCEL,
  };
}
