import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ChartDrawer,
  type ChartSpec,
  chartNameProblems,
  startChartDrawer,
  taskCharts,
  writeDrawnCharts,
} from "../charts/index.js";
import {
  type ColumnSpec,
  type ColumnValues,
  checkPrediction,
  type Frame,
  type ModelDefinition,
  type Params,
  type Task,
  takeRows,
} from "../contract/index.js";
import { readCsvFrame, trainTestSplitIndices } from "../data/index.js";
import { CliError, Problems } from "../errors/index.js";
import { sha256File, writeDirAtomic } from "../fs/index.js";
import { taskMetrics } from "../metrics/index.js";
import { saveModel } from "../model-format/index.js";
import { prewarmOnnx } from "../onnx/index.js";
import { projectModel } from "../project/index.js";
import { inputColumns, splitInMemory } from "./prep-data.js";
import {
  checkOutputDir,
  checkParams,
  checkTrainOptions,
  TRAIN_OUTPUTS,
  type TrainStepOptions,
} from "./train-options.js";

// The step's whole interface is importable from this file; the option checks live in train-options.ts.
export { checkParams, checkTrainOptions, TRAIN_OUTPUTS, type TrainStepOptions } from "./train-options.js";

/** metrics.json: the test metrics at the top level (full-precision numbers), then what produced them. */
export interface TrainMetricsFile {
  /** The metrics proper (the task's defaults and the model's own), plus n_train and n_test. */
  readonly [metric: string]: unknown;
  readonly n_train: number;
  readonly n_test: number;
  /** Rows carved from the training rows to score the model (with `validationSize`); `validation_<metric>` beside. */
  readonly n_validation?: number;
  readonly task: Task;
  readonly model_type: string;
  /** The hyperparameter values, then the split: test_size, random_state, features, target. */
  readonly params: Readonly<Record<string, unknown>>;
  /** What the model learned (its `describe`), when it says. */
  readonly model?: Readonly<Record<string, unknown>>;
  readonly data: { readonly file: string; readonly sha256: string; readonly rows: number };
  readonly run_id: string;
  readonly model_name: string | null;
  readonly build_id: string | null;
}

/** What the step produced. */
export interface TrainStepResult {
  readonly outputDir: string;
  readonly runId: string;
  readonly metrics: TrainMetricsFile;
  /** The charts written, relative to the output folder (`plots/<name>.png`), in name order. */
  readonly plots: readonly string[];
  /** How long each chart took to render and write, in milliseconds, by file name. */
  readonly plotMs: Readonly<Record<string, number>>;
}

/** A split's two sides: the inputs (signature order) and the target. */
export interface TrainingSplit {
  readonly train: { readonly x: Frame; readonly y: ColumnValues };
  readonly test: { readonly x: Frame; readonly y: ColumnValues };
}

/** Where the rows came from and how they were split (metrics.json's `data` and `params`). */
export interface SplitFacts {
  readonly data: TrainMetricsFile["data"];
  readonly testSize: number;
  readonly randomState: number;
}

/**
 * The train step from a data file: checks every option at once (hyperparameters against their declared ranges,
 * columns, split settings, output folder), splits as scikit-learn's `train_test_split`, fits the model and writes
 * the output folder. Used by `mlops train`.
 */
export async function trainStep(options: TrainStepOptions): Promise<TrainStepResult> {
  const model = options.model ?? projectModel;
  if (model.onnx) prewarmOnnx(); // ready when the fitted model's export is checked
  // The charts are drawn in a worker started now: loading the renderer overlaps reading, fitting and saving.
  const drawer = options.charts !== false ? startChartDrawer() : undefined;
  try {
    return await checkAndTrain(model, options, drawer);
  } finally {
    await drawer?.close();
  }
}

async function checkAndTrain(
  model: ModelDefinition,
  options: TrainStepOptions,
  drawer: ChartDrawer | undefined,
): Promise<TrainStepResult> {
  const problems = new Problems();
  await checkTrainOptions({ ...options, model }, problems); // checks the output folder too
  problems.throwIfAny();
  const inputs = inputColumns(model, options.features);
  let frame: Frame;
  try {
    frame = await readCsvFrame(options.dataFile, [...inputs, model.signature.target]);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const split = splitInMemory(frame, inputs, options.testSize, options.randomState);
  const data = { file: options.dataFile, sha256: await sha256File(options.dataFile), rows: frame.rows };
  return fitAndWrite(
    model,
    split,
    options,
    { data, testSize: options.testSize, randomState: options.randomState },
    drawer,
  );
}

/**
 * Fits and writes the outputs for an existing split (a prep-data step's output, read back with `readSplit`).
 * `facts` say where the rows came from and how they were split, for metrics.json.
 */
export async function trainOnSplit(
  split: TrainingSplit,
  options: Omit<TrainStepOptions, "dataFile" | "testSize" | "randomState" | "features">,
  facts: SplitFacts,
): Promise<TrainStepResult> {
  const problems = new Problems();
  await checkOutputDir(options.outputDir, problems); // the output folder is replaced whole: never someone's files
  problems.throwIfAny();
  const drawer = options.charts !== false ? startChartDrawer() : undefined;
  try {
    return await fitAndWrite(options.model ?? projectModel, split, options, facts, drawer);
  } finally {
    await drawer?.close();
  }
}

/** The training rows split again as scikit-learn's `train_test_split(x_train, y_train, test_size, random_state)`. */
function carveValidation(
  train: TrainingSplit["train"],
  validationSize: number,
  randomState: number,
): { readonly fit: TrainingSplit["train"]; readonly validation: TrainingSplit["train"] } {
  const { train: fit, test: held } = trainTestSplitIndices(train.x.rows, validationSize, randomState);
  const y = { rows: train.x.rows, columns: [], values: [train.y] };
  return {
    fit: { x: takeRows(train.x, fit), y: takeRows(y, fit).values[0] },
    validation: { x: takeRows(train.x, held), y: takeRows(y, held).values[0] },
  };
}

/** `n_validation` and `validation_<metric>` for every metric of the task and the model, on the validation rows. */
function validationMetrics(
  model: ModelDefinition,
  fitted: unknown,
  rows: TrainingSplit["train"],
): Record<string, number> {
  const prediction = checkPrediction(model.predict(fitted, rows.x), rows.x.rows, model.task, "validation rows");
  const scores = { ...taskMetrics(model.task, rows.y, prediction), ...(model.metrics?.(rows.y, prediction) ?? {}) };
  return {
    n_validation: rows.x.rows,
    ...Object.fromEntries(Object.entries(scores).map(([name, value]) => [`validation_${name}`, value])),
  };
}

async function fitAndWrite(
  model: ModelDefinition,
  split: TrainingSplit,
  options: Omit<TrainStepOptions, "dataFile" | "testSize" | "randomState" | "features">,
  facts: SplitFacts,
  drawer: ChartDrawer | undefined,
): Promise<TrainStepResult> {
  const runId = options.runId ?? randomUUID().replaceAll("-", "");
  let params: Params;
  try {
    params = checkParams(model, options.params ?? {});
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const inputs: readonly ColumnSpec[] = split.train.x.columns;
  const target = model.signature.target;
  let fitted: unknown;
  let metrics: Record<string, number>;
  let validation: Record<string, number> = {};
  let prediction: ReturnType<ModelDefinition["predict"]>;
  let charts: Record<string, ChartSpec>;
  const settings = Object.entries(params)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  try {
    const carved =
      options.validationSize === undefined
        ? undefined
        : carveValidation(split.train, options.validationSize, facts.randomState);
    const fitOn = carved?.fit ?? split.train;
    fitted = model.fit(fitOn.x, fitOn.y, params);
    if (carved) validation = validationMetrics(model, fitted, carved.validation);
    prediction = checkPrediction(model.predict(fitted, split.test.x), split.test.x.rows, model.task, "test rows");
    metrics = {
      ...taskMetrics(model.task, split.test.y, prediction),
      ...(model.metrics?.(split.test.y, prediction) ?? {}),
    };
    const labels = { target: target.name, model: `${model.name}${settings ? ` (${settings})` : ""}` };
    if (options.charts === false) charts = {};
    else {
      const own = model.charts?.(split.test.y, prediction, split.test.x, fitted) ?? {};
      const bad = chartNameProblems(Object.keys(own), "the model's");
      if (bad.length > 0) throw new Error(bad.join("; "));
      charts = { ...taskCharts(model.task, split.test.y, prediction, labels), ...own };
    }
  } catch (error) {
    throw new CliError(`model ${model.name}: ${(error as Error).message}`);
  }
  // Rendered in the worker while this thread writes the model folder (and checks its ONNX export); joined below.
  const drawing = drawer && Object.keys(charts).length > 0 ? drawer.draw(charts) : undefined;
  drawing?.catch(() => undefined); // awaited below; a failure while saveModel also fails must not go unhandled
  const file: TrainMetricsFile = {
    ...metrics,
    n_train: split.train.x.rows - (validation.n_validation ?? 0),
    n_test: split.test.x.rows,
    ...validation,
    task: model.task,
    model_type: model.name,
    params: {
      ...params,
      test_size: facts.testSize,
      random_state: facts.randomState,
      ...(options.validationSize === undefined ? {} : { validation_size: options.validationSize }),
      features: inputs.map((c) => c.name),
      target: target.name,
    },
    ...(model.describe ? { model: model.describe(fitted) } : {}),
    data: facts.data,
    run_id: runId,
    model_name: options.modelName ?? null,
    build_id: options.buildId ?? null,
  };
  let plotMs: Record<string, number> = {};
  await writeDirAtomic(options.outputDir, async (tmp) => {
    await saveModel(join(tmp, TRAIN_OUTPUTS.model), {
      definition: model,
      fitted,
      info: { kind: model.name, task: model.task, signature: { inputs, target }, hyperparameters: params },
      example: takeRows(
        split.train.x,
        Array.from({ length: Math.min(5, split.train.x.rows) }, (_, i) => i),
      ),
      runId,
      ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
      ...(options.buildId === undefined ? {} : { buildId: options.buildId }),
    });
    if (drawing) plotMs = await writeDrawnCharts(join(tmp, TRAIN_OUTPUTS.plots), await drawing);
    await writeFile(join(tmp, TRAIN_OUTPUTS.metrics), `${JSON.stringify(file, null, 2)}\n`);
  });
  const plots = Object.keys(plotMs).map((f) => `${TRAIN_OUTPUTS.plots}/${f}`);
  return { outputDir: options.outputDir, runId, metrics: file, plots, plotMs };
}
