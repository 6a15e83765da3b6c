// The model contract: everything the machinery knows about a model, declared by training/ (scikit-learn's estimator
// API and MLflow's pyfunc as the anchors). The machinery fits, predicts, saves and loads through it and never names
// a model, a column, a hyperparameter or a metric of its own.
import { type ColumnSpec, columnProblems, type Signature } from "./columns.js";
import type { ColumnValues, Frame, Matrix } from "./frame.js";
import { declarationProblems, type Hyperparameters, type Params } from "./hyperparameters.js";
import { type Prediction, TASKS, type Task } from "./prediction.js";
import { type SearchSpace, searchSpaceProblems } from "./search-space.js";

/** The model's own files in the MLflow model folder: file name → content. */
export type ModelFiles = Readonly<Record<string, string | Uint8Array>>;

/**
 * A chart as a Vega-Lite spec (https://vega.github.io/vega-lite/docs/spec.html), plain JSON with its data inline;
 * the machinery renders it to PNG with the committed font (mlops/charts).
 */
export type ChartSpec = Readonly<Record<string, unknown>>;

/** A JSON value of an input row: a number, a string or a boolean, as the column's type says. */
export type CellValue = number | string | boolean;

/** |onnx − ts| ≤ relative·|ts| + absolute, per value. */
export interface Tolerance {
  readonly relative: number;
  readonly absolute: number;
}

/** The default tolerance between an ONNX export's answers and the TypeScript model's. */
export const ONNX_TOLERANCE: Tolerance = { relative: 1e-9, absolute: 1e-12 };

/**
 * An optional ONNX export, for models whose inputs are all numeric: one `[N, inputs]` double tensor in, one output —
 * `[N, 1]` values (regression) or `[N, classes]` probabilities in the prediction's class order (classification).
 * Offering it is a promise the machinery checks on every write and every load: onnxruntime's answers on the smoke
 * rows must equal the TypeScript model's within `tolerance`.
 */
export interface OnnxExport<Fitted> {
  /** The .onnx file's bytes for a fitted model reading `inputs` (in model order). */
  export(model: Fitted, inputs: readonly ColumnSpec[]): Uint8Array;
  readonly input: string;
  readonly output: string;
  /** Default {@link ONNX_TOLERANCE}. */
  readonly tolerance?: Tolerance;
}

/** A model: what it is, what it reads, what it learns from, how it fits, predicts and keeps its files. */
export interface ModelDefinition<Fitted = unknown> {
  /** The model kind (`random_forest`, `logistic_regression`…), recorded in the MLmodel file, run records and model tags. */
  readonly name: string;
  readonly task: Task;
  /** The data's columns: the inputs in model order (TRAIN_FEATURES may pick a subset) and the target. */
  readonly signature: Signature;
  /** Declared once; see hyperparameters.ts for where each one appears. */
  readonly hyperparameters: Hyperparameters;
  /** Learns from the training rows (`x` in signature order, `y` the target) with checked hyperparameter values. */
  fit(x: Frame, y: ColumnValues, params: Params): Fitted;
  /** Predicts rows whose columns are the fitted inputs, in order. Throws ScoringInputError for input it cannot score. */
  predict(model: Fitted, x: Frame): Prediction;
  /** Optional fast path when every input is a double: the same answer from a row-major matrix. */
  predictMatrix?(model: Fitted, x: Matrix): Prediction;
  /** The model's own files, written into the model folder beside MLmodel. */
  save(model: Fitted): ModelFiles;
  /** Reads them back; errors name the file and what is wrong with it. */
  load(files: ReadonlyMap<string, Uint8Array>): Fitted;
  /** What the model learned, as JSON for metrics.json and the run record (e.g. coefficients). */
  describe?(model: Fitted): Readonly<Record<string, unknown>>;
  /** Metrics beyond the task's defaults (mlops/metrics), or the same names computed the model's way. */
  metrics?(actual: ColumnValues, prediction: Prediction): Readonly<Record<string, number>>;
  /**
   * Charts beyond the task's defaults (mlops/charts: regression → predicted-vs-actual, residuals; classification →
   * roc, confusion-matrix), by kebab-case name, drawn on the test rows like them: each becomes `plots/<name>.png`.
   * A default's name replaces that chart.
   */
  charts?(actual: ColumnValues, prediction: Prediction, x: Frame, model: Fitted): Readonly<Record<string, ChartSpec>>;
  readonly onnx?: OnnxExport<Fitted>;
  /**
   * Where `mlops sweep` searches: a distribution per declared hyperparameter it tunes (the others keep their knob
   * values). Checked against the declarations at import; absent = the model cannot be swept.
   */
  readonly searchSpace?: SearchSpace;
  /** The rows the deployed-service smoke test sends; default: the input example's first two rows. */
  readonly smokeRows?: readonly (readonly CellValue[])[];
}

/**
 * Checks a model definition's declarations (task, signature, hyperparameters) and returns it: a wrong declaration is
 * an error at import, naming each problem, instead of a surprise in a pipeline step.
 */
export function defineModel<Fitted>(definition: ModelDefinition<Fitted>): ModelDefinition<Fitted> {
  const problems = [
    ...(typeof definition.name === "string" && /^[a-z][a-z0-9_]*$/.test(definition.name)
      ? []
      : [`name ${JSON.stringify(definition.name)} must be snake_case`]),
    ...(TASKS.includes(definition.task) ? [] : [`task must be one of ${TASKS.join(", ")}`]),
    ...columnProblems(definition.signature?.inputs ?? [], "signature.inputs"),
    ...columnProblems([definition.signature?.target].filter(Boolean) as ColumnSpec[], "signature.target"),
    ...declarationProblems(definition.hyperparameters ?? {}),
    ...(definition.searchSpace ? searchSpaceProblems(definition.searchSpace, definition.hyperparameters ?? {}) : []),
  ];
  if ((definition.signature?.inputs ?? []).length === 0) problems.push("signature.inputs is empty");
  if (definition.signature?.inputs.some((c) => c.name === definition.signature.target?.name))
    problems.push(`the target ${definition.signature.target.name} is also an input`);
  if (definition.task !== "regression" && definition.signature?.target?.type === "double")
    problems.push("a classifier's target must be a long, string or boolean column, not double");
  if (definition.onnx && !definition.signature.inputs.every((c) => c.type === "double"))
    problems.push("an ONNX export needs every input to be a double column");
  if (problems.length > 0) throw new Error(`model ${definition.name}: ${problems.join("; ")}`);
  return definition;
}
