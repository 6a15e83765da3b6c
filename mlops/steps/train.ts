import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Evaluated,
  FEATURES,
  fitAndEvaluate,
  type LinearModel,
  type Metrics,
  type SplitData,
  splitData,
  TARGET,
  type Table,
} from "../../training/index.js";
import { CliError, Problems } from "../errors/index.js";
import { sha256File, writeDirAtomic } from "../fs/index.js";
import { saveModel } from "../model-format/index.js";
import { writeScatterPng } from "../plot/index.js";
import { checkOutputDir, checkTrainOptions, TRAIN_OUTPUTS, type TrainStepOptions } from "./train-options.js";

// The step's whole interface is importable from this file; the option checks live in train-options.ts.
export { checkTrainOptions, TRAIN_OUTPUTS, type TrainStepOptions } from "./train-options.js";

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

/**
 * The train step: loads and checks the data (every problem reported at once), splits it as scikit-learn's
 * `train_test_split`, fits the ridge model and writes the output folder. Used by `mlops train`, the local
 * pipeline and the Azure ML step entry.
 */
export async function trainStep(options: TrainStepOptions): Promise<TrainStepResult> {
  const problems = new Problems();
  const table = (await checkTrainOptions(options, problems)) as Table; // checks the output folder too
  problems.throwIfAny();
  const split = splitData(table, {
    testSize: options.testSize,
    randomState: options.randomState,
    features: options.features ?? FEATURES,
    target: options.target ?? TARGET,
  });
  const data = { file: options.dataFile, sha256: await sha256File(options.dataFile), rows: table.rows };
  return fitAndWrite(split, options, data);
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
  return fitAndWrite(split, options, data);
}

async function fitAndWrite(
  split: SplitData,
  options: Omit<TrainStepOptions, "dataFile">,
  data: TrainMetricsFile["data"],
): Promise<TrainStepResult> {
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
