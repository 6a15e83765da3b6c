import { readdir } from "node:fs/promises";
import { FEATURES, loadCsv, TARGET, type Table, testCount } from "../../training/index.js";
import type { Problems } from "../errors/index.js";

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

/** Adds a problem when `dir` holds anything but a previous train output (it is replaced whole). */
export async function checkOutputDir(dir: string, problems: Problems): Promise<void> {
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
