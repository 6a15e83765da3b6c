import { randomUUID } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Evaluated,
  FEATURES,
  fitAndEvaluate,
  type LinearModel,
  loadCsv,
  type Metrics,
  type SplitData,
  splitData,
  TARGET,
  type Table,
  testCount,
} from "../../training/index.js";
import { CliError, Problems } from "../cli/errors.js";
import { sha256File, writeDirAtomic } from "../fs/index.js";
import { saveModel } from "../model-format/index.js";
import { writeScatterPng } from "../plot/index.js";

/** Inputs of the train step: a CSV file and the split / fit parameters; the output is one folder. */
export interface TrainStepOptions {
  /** CSV with a header row holding the features and the target. */
  readonly dataFile: string;
  /** Gets metrics.json, model/ (MLflow model) and predictions_vs_actual.png, whole or not at all. */
  readonly outputDir: string;
  /** Ridge penalty ≥ 0 (0 = ordinary least squares). */
  readonly alpha: number;
  /** Fraction in (0, 1), or a whole count of test rows below the number of rows. */
  readonly testSize: number;
  /** numpy RandomState seed, 0..2³²−1. */
  readonly randomState: number;
  /** Feature columns in model order; default the model's FEATURES (training/). */
  readonly features?: readonly string[];
  readonly target?: string;
  readonly modelName?: string;
  readonly buildId?: string;
  /** The pipeline run's id; a fresh one (32 hex digits, MLflow style) when absent. */
  readonly runId?: string;
}

/** metrics.json: the test metrics at the top level (full-precision numbers), then what produced them. */
export interface TrainMetricsFile extends Metrics {
  readonly n_train: number;
  readonly n_test: number;
  readonly params: {
    readonly alpha: number;
    readonly test_size: number;
    readonly random_state: number;
    readonly features: readonly string[];
    readonly target: string;
  };
  readonly model: { readonly intercept: number; readonly coefficients: Readonly<Record<string, number>> };
  readonly data: { readonly file: string; readonly sha256: string; readonly rows: number };
  readonly run_id: string;
  readonly model_name: string | null;
  readonly build_id: string | null;
}

/** What the step produced. */
export interface TrainStepResult {
  readonly outputDir: string;
  readonly runId: string;
  readonly model: LinearModel;
  readonly metrics: TrainMetricsFile;
}

/** The files the step writes into its output folder; a folder holding only these may be replaced. */
export const TRAIN_OUTPUTS = { metrics: "metrics.json", model: "model", plot: "predictions_vs_actual.png" } as const;
const OWN = new Set<string>(Object.values(TRAIN_OUTPUTS));
const MAX_SEED = 0xffffffff;

/**
 * Adds every problem with (possibly partial) train options to `problems` — value ranges, the data file, the
 * feature and target columns, the test size against the row count, the output folder — and returns the loaded
 * table when the file could be read. Options left undefined are skipped (the CLI reports unparsable text itself).
 */
export async function checkTrainOptions(
  options: Partial<TrainStepOptions>,
  problems: Problems,
): Promise<Table | undefined> {
  const { alpha, testSize, randomState } = options;
  if (alpha !== undefined && !(Number.isFinite(alpha) && alpha >= 0)) {
    problems.add(`alpha must be a number ≥ 0 (0 = ordinary least squares), got ${alpha}`);
  }
  if (randomState !== undefined && !(Number.isInteger(randomState) && randomState >= 0 && randomState <= MAX_SEED)) {
    problems.add(`random state must be an integer in 0..${MAX_SEED} (numpy's seed range), got ${randomState}`);
  }
  const testSizeOk = testSize === undefined || checkTestSize(testSize, problems);
  const features = options.features ?? FEATURES;
  const target = options.target ?? TARGET;
  const dup = features.find((f, i) => features.indexOf(f) !== i);
  if (features.length === 0) problems.add("features is empty: name at least one feature column");
  if (dup !== undefined) problems.add(`feature ${dup} is listed twice`);
  if (features.includes(target)) problems.add(`the target ${target} cannot also be a feature`);
  if (options.outputDir !== undefined) await checkOutputDir(options.outputDir, problems);
  if (options.dataFile === undefined) return undefined;
  let table: Table;
  try {
    table = await loadCsv(options.dataFile);
  } catch (error) {
    problems.add((error as Error).message);
    return undefined;
  }
  const unknown = [...features, target].filter((name) => !table.columns.includes(name));
  if (unknown.length > 0) {
    problems.add(
      `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}: ${options.dataFile} has ${table.columns.join(",")}`,
    );
  }
  if (testSize !== undefined && testSizeOk) {
    try {
      testCount(testSize, table.rows);
    } catch (error) {
      problems.add((error as Error).message);
    }
  }
  return table;
}

function checkTestSize(testSize: number, problems: Problems): boolean {
  const ok = (testSize > 0 && testSize < 1) || (Number.isInteger(testSize) && testSize >= 1);
  if (!ok) problems.add(`test size must be a fraction in (0, 1) or a whole count of rows ≥ 1, got ${testSize}`);
  return ok;
}

async function checkOutputDir(dir: string, problems: Problems): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    if (error.code === "ENOTDIR") return [""];
    throw error;
  });
  const foreign = entries.filter((name) => !OWN.has(name));
  if (foreign.length > 0) {
    const shown = foreign[0] === "" ? "it is a file" : `it holds ${foreign.slice(0, 3).join(", ")}`;
    problems.add(`output dir ${dir} is not a train output (${shown}); choose a new or empty folder`);
  }
}

/**
 * The train step: loads and checks the data (every problem reported at once), splits it as scikit-learn's
 * `train_test_split`, fits the ridge model and writes the output folder. Used by `mlops train`, the local
 * pipeline and the Azure ML step entry.
 */
export async function trainStep(options: TrainStepOptions): Promise<TrainStepResult> {
  const problems = new Problems();
  const table = await checkTrainOptions(options, problems);
  problems.throwIfAny();
  const split = splitData(table as Table, {
    testSize: options.testSize,
    randomState: options.randomState,
    features: options.features ?? FEATURES,
    target: options.target ?? TARGET,
  });
  const data = { file: options.dataFile, sha256: await sha256File(options.dataFile), rows: (table as Table).rows };
  return trainOnSplit(split, options, data);
}

/**
 * Fits and writes the outputs for an existing split (e.g. a prep-data step's output, read back with its
 * `readSplit`). `data` describes where the rows came from, for metrics.json.
 */
export async function trainOnSplit(
  split: SplitData,
  options: Omit<TrainStepOptions, "dataFile">,
  data: TrainMetricsFile["data"],
): Promise<TrainStepResult> {
  const problems = new Problems();
  await checkOutputDir(options.outputDir, problems); // the output folder is replaced whole: never someone's files
  problems.throwIfAny();
  const runId = options.runId ?? randomUUID().replaceAll("-", "");
  let fitted: Evaluated;
  try {
    fitted = fitAndEvaluate(split, options.alpha);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const { model, testPredictions: predicted } = fitted;
  const metrics = metricsFile(model, fitted.metrics, split, options, data, runId);
  await writeDirAtomic(options.outputDir, async (tmp) => {
    await saveModel(join(tmp, TRAIN_OUTPUTS.model), model, {
      runId,
      inputExample: exampleRows(split, 5),
      modelName: options.modelName,
      buildId: options.buildId,
    });
    await writeScatterPng(join(tmp, TRAIN_OUTPUTS.plot), {
      actual: split.test.y,
      predicted,
      title: `Predicted vs actual ${split.target}: ridge alpha ${options.alpha}, test r2 ${fitted.metrics.r2.toFixed(3)}`,
      xLabel: `Actual ${split.target}`,
      yLabel: `Predicted ${split.target}`,
    });
    await writeFile(join(tmp, TRAIN_OUTPUTS.metrics), `${JSON.stringify(metrics, null, 2)}\n`);
  });
  return { outputDir: options.outputDir, runId, model, metrics };
}

function metricsFile(
  model: LinearModel,
  metrics: Metrics,
  split: SplitData,
  options: Omit<TrainStepOptions, "dataFile">,
  data: TrainMetricsFile["data"],
  runId: string,
): TrainMetricsFile {
  return {
    mse: metrics.mse,
    r2: metrics.r2,
    rmse: metrics.rmse,
    mae: metrics.mae,
    n_train: split.train.y.length,
    n_test: split.test.y.length,
    params: {
      alpha: options.alpha,
      test_size: options.testSize,
      random_state: options.randomState,
      features: [...split.featureNames],
      target: split.target,
    },
    model: {
      intercept: model.intercept,
      coefficients: Object.fromEntries(model.featureNames.map((name, j) => [name, model.coefficients[j]])),
    },
    data,
    run_id: runId,
    model_name: options.modelName ?? null,
    build_id: options.buildId ?? null,
  };
}

/** The first `count` training rows: the MLflow input example. */
function exampleRows(split: SplitData, count: number): number[][] {
  const { rows, cols, data } = split.train.x;
  return Array.from({ length: Math.min(count, rows) }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}
