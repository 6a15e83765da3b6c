import { readdir } from "node:fs/promises";
import { checkParam, type ModelDefinition, type Params, rangeText } from "../contract/index.js";
import { csvHeader, readText, testCount } from "../data/index.js";
import type { Problems } from "../errors/index.js";
import { inputColumns } from "./prep-data.js";

/** Inputs of the train step: a CSV file and the split / fit parameters; the output is one folder. */
export interface TrainStepOptions {
  /** CSV with a header row holding the model's inputs and target. */
  readonly dataFile: string;
  /** Gets metrics.json, model/ (MLflow model) and plots/ (the charts as PNG), whole or not at all. */
  readonly outputDir: string;
  /** Hyperparameter values by name (checked against the model's declarations); absent ones take their defaults. */
  readonly params?: Params;
  /** Fraction in (0, 1), or a whole count of test rows below the number of rows. */
  readonly testSize: number;
  /** numpy RandomState seed, 0..2³²−1. */
  readonly randomState: number;
  /** Input columns in model order (a subset of the model's inputs); default all of them. */
  readonly features?: readonly string[];
  readonly modelName?: string;
  readonly buildId?: string;
  /** The pipeline run's id; a fresh one (32 hex digits, MLflow style) when absent. */
  readonly runId?: string;
  /**
   * Carve a validation split from the training rows (scikit-learn's `train_test_split` of the training rows with the
   * same random state; a fraction in (0, 1) or a row count), fit on the rest and score the model on it too:
   * metrics.json gains `n_validation` and `validation_<metric>` per metric. A sweep ranks its trials by those, so the
   * test rows stay untouched for evaluate. Absent: the model is fit on every training row.
   */
  readonly validationSize?: number;
  /** Default: the project's model (training/). */
  readonly model?: ModelDefinition;
  /**
   * Draw the charts into `plots/` (default true). False skips them and their cost (about a second of CPU for the
   * first charts of a process): for callers that train many models and look at none, such as tests of other parts.
   */
  readonly charts?: boolean;
}

/** The files the step writes into its output folder; a folder holding only these may be replaced. */
export const TRAIN_OUTPUTS = { metrics: "metrics.json", model: "model", plots: "plots" } as const;
// The plot file earlier versions wrote: their output folders may still be replaced.
const OWN = new Set<string>([...Object.values(TRAIN_OUTPUTS), "predictions_vs_actual.png"]);
const MAX_SEED = 0xffffffff;

/** Every hyperparameter value: the given ones checked against the declarations, the rest their defaults. */
export function checkParams(model: ModelDefinition, given: Params = {}, problems?: Problems): Params {
  const out: Record<string, Params[string]> = {};
  for (const [name, spec] of Object.entries(model.hyperparameters)) {
    if (!Object.hasOwn(given, name)) out[name] = spec.default;
    else {
      try {
        out[name] = checkParam(name, spec, given[name]);
      } catch (error) {
        if (!problems) throw error;
        problems.add((error as Error).message);
      }
    }
  }
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(model.hyperparameters, name)) continue;
    const declared = Object.entries(model.hyperparameters).map(([n, s]) => `${n} (${rangeText(s)})`);
    const message = `unknown hyperparameter ${name}: model ${model.name} declares ${declared.join(", ") || "none"}`;
    if (!problems) throw new RangeError(message);
    problems.add(message);
  }
  return out;
}

/**
 * Adds every problem with (possibly partial) train options to `problems` — hyperparameter values against their
 * declared ranges, the split settings, the data file, its columns, the test size against the row count, the output
 * folder. Options left undefined are skipped (the CLI reports unparsable text itself).
 */
export async function checkTrainOptions(
  options: Partial<TrainStepOptions> & { readonly model: ModelDefinition },
  problems: Problems,
): Promise<void> {
  const { testSize, randomState, model } = options;
  if (options.params) checkParams(model, options.params, problems);
  if (randomState !== undefined && !(Number.isInteger(randomState) && randomState >= 0 && randomState <= MAX_SEED)) {
    problems.add(`random state must be an integer in 0..${MAX_SEED} (numpy's seed range), got ${randomState}`);
  }
  const testSizeOk = testSize === undefined || checkTestSize(testSize, problems);
  if (options.validationSize !== undefined) checkTestSize(options.validationSize, problems, "validation size");
  let columns: string[] = [];
  try {
    columns = [...inputColumns(model, options.features), model.signature.target].map((c) => c.name);
  } catch (error) {
    problems.add((error as Error).message);
  }
  if (options.outputDir !== undefined) await checkOutputDir(options.outputDir, problems);
  if (options.dataFile === undefined) return;
  let text: string;
  let header: string[];
  try {
    text = await readText(options.dataFile);
    header = csvHeader(text, options.dataFile);
  } catch (error) {
    problems.add((error as Error).message);
    return;
  }
  const unknown = columns.filter((name) => !header.includes(name));
  if (unknown.length > 0) {
    problems.add(
      `missing column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}: ${options.dataFile} has ${header.join(",")}`,
    );
  }
  if (testSize !== undefined && testSizeOk) {
    const rows = text.split(/\r?\n/).filter((line) => line.trim() !== "").length - 1;
    try {
      testCount(testSize, rows);
    } catch (error) {
      problems.add((error as Error).message);
    }
  }
}

function checkTestSize(testSize: number, problems: Problems, what = "test size"): boolean {
  const ok = (testSize > 0 && testSize < 1) || (Number.isInteger(testSize) && testSize >= 1);
  if (!ok) problems.add(`${what} must be a fraction in (0, 1) or a whole count of rows ≥ 1, got ${testSize}`);
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
