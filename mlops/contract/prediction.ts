// What a model predicts, by task: a value per row (regression), or per-class probabilities (classification).
import { ScoringInputError } from "../errors/index.js";

/** The kind of problem a model solves; it decides the metrics, the plots and the answer's shape. */
export type Task = "regression" | "binary" | "multiclass";
export const TASKS: readonly Task[] = ["regression", "binary", "multiclass"];

/** A class label as the target column holds it: a string, or a number (long target). */
export type Label = string | number;

/** Regression: one value per row. */
export interface ValuePrediction {
  readonly values: Float64Array;
}

/**
 * Classification: the classes in a fixed order and, per row, one probability per class (row-major,
 * `rows × classes.length`); `labels` (index into `classes`) when the model decides otherwise than by the highest
 * probability (e.g. a tuned threshold).
 */
export interface ClassPrediction {
  readonly classes: readonly Label[];
  readonly probabilities: Float64Array;
  readonly labels?: Int32Array;
}

export type Prediction = ValuePrediction | ClassPrediction;

export const isClassPrediction = (p: Prediction): p is ClassPrediction => "classes" in p;

/** How far a row's probabilities may sum from 1 (rounding in the model's arithmetic). */
const SUM_TOLERANCE = 1e-6;

/**
 * Checks a model's prediction for `rows` rows of a `task`: the right kind and length, finite values, probabilities in
 * [0, 1] summing to 1 per row, labels within the classes. Throws ScoringInputError (a value overflowed for this input)
 * or Error (the model broke its contract), naming `where` and the row.
 */
export function checkPrediction(p: Prediction, rows: number, task: Task, where: string): Prediction {
  if (task === "regression") {
    if (isClassPrediction(p) || !(p.values instanceof Float64Array))
      throw new Error(`${where}: a regression model must predict {values: Float64Array}`);
    if (p.values.length !== rows) throw new Error(`${where}: ${p.values.length} predictions for ${rows} rows`);
    for (let i = 0; i < rows; i++) {
      if (!Number.isFinite(p.values[i])) {
        // JSON cannot carry Infinity, and a silent null in an answer would be worse than a 400.
        throw new ScoringInputError(
          `${where}[${i}]: the prediction overflows (${p.values[i]}); the input values are too large for this model`,
        );
      }
    }
    return p;
  }
  if (!isClassPrediction(p)) throw new Error(`${where}: a ${task} classifier must predict {classes, probabilities}`);
  const k = p.classes.length;
  if (k < 2 || (task === "binary" && k !== 2))
    throw new Error(
      `${where}: a ${task} classifier must name ${task === "binary" ? "2" : "at least 2"} classes, got ${k}`,
    );
  if (p.probabilities.length !== rows * k)
    throw new Error(`${where}: ${p.probabilities.length} probabilities for ${rows} rows × ${k} classes`);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const q = p.probabilities[i * k + c];
      if (!(q >= 0 && q <= 1))
        throw new Error(`${where}[${i}]: probability of class ${p.classes[c]} is ${q}, not in [0, 1]`);
      sum += q;
    }
    if (Math.abs(sum - 1) > SUM_TOLERANCE)
      throw new Error(`${where}[${i}]: the class probabilities sum to ${sum}, not 1`);
    if (p.labels && !(p.labels[i] >= 0 && p.labels[i] < k))
      throw new Error(`${where}[${i}]: label index ${p.labels[i]} out of range`);
  }
  if (p.labels && p.labels.length !== rows) throw new Error(`${where}: ${p.labels.length} labels for ${rows} rows`);
  return p;
}

/** Each row's class index: the model's labels, else the most probable class (the first on a tie, as numpy's argmax). */
export function labelIndices(p: ClassPrediction): Int32Array {
  if (p.labels) return p.labels;
  const k = p.classes.length;
  const rows = p.probabilities.length / k;
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (p.probabilities[i * k + c] > p.probabilities[i * k + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Each row's predicted label. */
export function predictedLabels(p: ClassPrediction): Label[] {
  return Array.from(labelIndices(p), (c) => p.classes[c]);
}

/** The prediction as JSON: `{"result": [...]}`, plus `classes` and per-row `probabilities` for a classifier. */
export interface PredictionJson {
  readonly result: readonly (number | Label)[];
  readonly classes?: readonly Label[];
  readonly probabilities?: readonly (readonly number[])[];
}

export function predictionJson(p: Prediction): PredictionJson {
  if (!isClassPrediction(p)) return { result: Array.from(p.values) };
  const k = p.classes.length;
  const rows = p.probabilities.length / k;
  const probabilities = Array.from({ length: rows }, (_, i) =>
    Array.from(p.probabilities.subarray(i * k, (i + 1) * k)),
  );
  return { result: predictedLabels(p), classes: [...p.classes], probabilities };
}
