// A local sweep: plans the trials, trains them in worker processes on the prep-data split (each carving the same
// validation split from the training rows), ranks them by the validation metric and writes sweep.json, table.md
// and a chart per swept hyperparameter. The test rows are never looked at to choose: they stay for evaluate.
import { join } from "node:path";
import { type ChartDrawer, startChartDrawer, writeDrawnCharts } from "../charts/index.js";
import type { Params, SearchSpace } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import { writeFileAtomic, writeJsonAtomic } from "../fs/index.js";
import { runTrials } from "./pool.js";
import type { ModelModule, TrialReply, TrialRequest } from "./protocol.js";
import { sweepCharts, type TrialResult, trialTable } from "./report.js";
import { planTrials, type SamplingOptions, type TrialPlan } from "./sampling.js";

/** The files a sweep writes into its folder. */
export const SWEEP_OUTPUTS = { record: "sweep.json", table: "table.md", trials: "trials", plots: "plots" } as const;

/** Options of {@link runSweep}. */
export interface SweepOptions extends SamplingOptions {
  /** A prep-data output folder (train.csv, test.csv, split.json). */
  readonly prepDir: string;
  /** Gets sweep.json, table.md, plots/ and trials/<n>/ (one train output per trial). */
  readonly outputDir: string;
  readonly space: SearchSpace;
  /** The run's hyperparameter values; the swept ones are replaced per trial. */
  readonly baseParams: Params;
  /** Fraction or count of the training rows each trial scores on (scikit-learn's test_size). */
  readonly validationSize: number;
  /** The metric to rank by (`validation_<metric>` in each trial's metrics.json). */
  readonly metric: string;
  readonly direction: "lower" | "higher";
  /** Worker processes. */
  readonly workers: number;
  /** Default: the project's model; give the module exporting another model (a worker cannot receive an object). */
  readonly model?: ModelModule;
  readonly modelName?: string;
  readonly runId?: string;
  /** Draw the charts (default true). */
  readonly charts?: boolean;
  /** A line per trial as it ends (`trial 3/12 depth=4 → validation_accuracy 0.93 (0.41 s)`). */
  readonly onTrial?: (line: string) => void;
}

/** sweep.json: the whole sweep, enough to reproduce it. */
export interface SweepRecord {
  readonly sampling: SamplingOptions["sampling"];
  readonly seed: number;
  readonly max_trials: number;
  readonly space: SearchSpace;
  /** The hyperparameters the sweep did not vary, at the run's values. */
  readonly fixed_params: Params;
  readonly validation_size: number;
  /** The ranking metric (`validation_<EVALUATION_METRIC>`) and which way is better. */
  readonly metric: string;
  readonly direction: "lower" | "higher";
  readonly workers: number;
  readonly duration_s: number;
  readonly trials: readonly TrialResult[];
  readonly best: {
    readonly trial: number;
    /** Every hyperparameter value of the winner (swept and fixed): what the registered model was trained with. */
    readonly params: Params;
    readonly value: number;
    /** The winner's train output, relative to the sweep folder. */
    readonly output: string;
  };
  /** The charts, relative to the sweep folder. */
  readonly plots: readonly string[];
}

const trialDir = (n: number) => `${SWEEP_OUTPUTS.trials}/${String(n).padStart(3, "0")}`;
const show = (params: Params) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");

/**
 * Runs the sweep and writes its folder. Throws a CliError when no trial completed (naming the first error) or the
 * metric is not in the trials' metrics; failed trials are kept in sweep.json with their errors.
 */
export async function runSweep(options: SweepOptions): Promise<SweepRecord> {
  const started = performance.now();
  const plans = planTrials(options.space, options);
  // The renderer loads in a worker thread while the trials train: the charts are then quick to draw.
  const drawer = options.charts !== false ? startChartDrawer() : undefined;
  try {
    return await sweep(options, plans, started, drawer);
  } finally {
    await drawer?.close();
  }
}

async function sweep(
  options: SweepOptions,
  plans: readonly TrialPlan[],
  started: number,
  drawer: ChartDrawer | undefined,
): Promise<SweepRecord> {
  const metric = `validation_${options.metric}`;
  const requests: TrialRequest[] = plans.map((p) => ({
    trial: p.trial,
    prepDir: options.prepDir,
    outputDir: join(options.outputDir, trialDir(p.trial)),
    params: { ...options.baseParams, ...p.params },
    validationSize: options.validationSize,
    ...(options.model ? { model: options.model } : {}),
    ...(options.modelName ? { modelName: options.modelName } : {}),
    ...(options.runId ? { runId: `${options.runId}-trial-${p.trial}` } : {}),
  }));
  const scoreOf = (reply: TrialReply) => (reply.ok ? reply.metrics[metric] : undefined);
  let best: { trial: number; value: number } | undefined;
  const better = (a: number, b: number) => (options.direction === "lower" ? a < b : a > b);
  const onReply = (reply: TrialReply) => {
    const value = scoreOf(reply);
    const params = show(plans[reply.trial - 1].params);
    const head = `trial ${reply.trial}/${plans.length} ${params}`;
    if (value !== undefined && (!best || better(value, best.value))) best = { trial: reply.trial, value };
    const tail = reply.ok
      ? `→ ${metric} ${value ?? "(missing)"}${best?.trial === reply.trial ? " (best so far)" : ""}`
      : `✗ ${reply.error}`;
    options.onTrial?.(`${head} ${tail} (${reply.seconds.toFixed(2)} s)`);
  };
  const replies = await runTrials(requests, { workers: options.workers, onReply });

  const trials: TrialResult[] = replies.map((r) => ({
    trial: r.trial,
    params: plans[r.trial - 1].params,
    status: r.ok ? "completed" : "failed",
    value: scoreOf(r) ?? null,
    metrics: r.ok ? r.metrics : {},
    seconds: r.seconds,
    output: trialDir(r.trial),
    ...(r.ok ? {} : { error: r.error }),
  }));
  const completed = replies.filter((r) => r.ok);
  if (completed.length === 0) {
    const first = replies.find((r) => !r.ok);
    throw new CliError(`every sweep trial failed; trial ${first?.trial}: ${first && !first.ok ? first.error : ""}`);
  }
  const missing = completed.find((r) => scoreOf(r) === undefined || !Number.isFinite(scoreOf(r)));
  if (missing?.ok) {
    throw new CliError(
      `trial ${missing.trial}'s metrics have no numeric ${metric} (they have ${Object.keys(missing.metrics).join(", ")}); fix EVALUATION_METRIC`,
    );
  }
  // Ranked in trial order, so a tie goes to the earlier trial: the same trials always give the same winner.
  let winner = trials.find((t) => t.value !== null) as TrialResult;
  for (const t of trials) if (t.value !== null && better(t.value, winner.value as number)) winner = t;

  const fixed = Object.fromEntries(Object.entries(options.baseParams).filter(([k]) => !(k in options.space)));
  const table = trialTable(trials, metric, winner.trial);
  let plots: string[] = [];
  if (drawer) {
    const charts = sweepCharts(trials, options.space, metric, winner.trial);
    await writeDrawnCharts(join(options.outputDir, SWEEP_OUTPUTS.plots), await drawer.draw(charts));
    plots = Object.keys(charts)
      .sort()
      .map((name) => `${SWEEP_OUTPUTS.plots}/${name}.png`);
  }
  const record: SweepRecord = {
    sampling: options.sampling,
    seed: options.seed,
    max_trials: options.maxTrials,
    space: options.space,
    fixed_params: fixed,
    validation_size: options.validationSize,
    metric,
    direction: options.direction,
    workers: Math.min(options.workers, plans.length),
    duration_s: (performance.now() - started) / 1000,
    trials,
    best: {
      trial: winner.trial,
      params: { ...options.baseParams, ...winner.params },
      value: winner.value as number,
      output: winner.output,
    },
    plots,
  };
  await writeFileAtomic(join(options.outputDir, SWEEP_OUTPUTS.table), `${table}\n`);
  await writeJsonAtomic(join(options.outputDir, SWEEP_OUTPUTS.record), record);
  return record;
}
