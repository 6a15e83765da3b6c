// The one table of default metrics per task. A model adds to it (or computes a name its own way) through its
// definition's `metrics`; no other part of the machinery names a metric.
import type { ColumnValues, Prediction, Task } from "../contract/index.js";
import { isClassPrediction, labelIndices } from "../contract/index.js";
import { accuracy, classIndices, logLoss, macroF1, precisionRecallF1, rocAuc } from "./classification.js";
import { regressionMetrics } from "./regression.js";

/** A default metric: its name and which way it improves (for docs, sweeps and EVALUATION_DIRECTION checks). */
export interface MetricInfo {
  readonly name: string;
  readonly better: "lower" | "higher";
  readonly description: string;
}

/** The task-defaults table: every metric the machinery computes on its own, by task. */
export const TASK_METRICS: Readonly<Record<Task, readonly MetricInfo[]>> = {
  regression: [
    { name: "mse", better: "lower", description: "mean squared error (scikit-learn's mean_squared_error)" },
    { name: "rmse", better: "lower", description: "square root of mse" },
    { name: "mae", better: "lower", description: "mean absolute error" },
    { name: "r2", better: "higher", description: "coefficient of determination (r2_score)" },
  ],
  binary: [
    { name: "accuracy", better: "higher", description: "share of rows predicted right (accuracy_score)" },
    { name: "roc_auc", better: "higher", description: "area under the ROC curve of the second class (roc_auc_score)" },
    { name: "log_loss", better: "lower", description: "cross-entropy of the probabilities (log_loss)" },
    { name: "precision", better: "higher", description: "precision of the second class" },
    { name: "recall", better: "higher", description: "recall of the second class" },
    { name: "f1", better: "higher", description: "F1 of the second class (f1_score)" },
  ],
  multiclass: [
    { name: "accuracy", better: "higher", description: "share of rows predicted right (accuracy_score)" },
    { name: "log_loss", better: "lower", description: "cross-entropy of the probabilities (log_loss)" },
    { name: "f1_macro", better: "higher", description: "mean F1 over the classes (f1_score average='macro')" },
  ],
};

/**
 * The task's default metrics of a prediction against the actual target values. For two classes the second class
 * (the model's `classes[1]`, scikit-learn's `pos_label` for 0/1 targets) is the positive one.
 */
export function taskMetrics(task: Task, actual: ColumnValues, prediction: Prediction): Record<string, number> {
  if (task === "regression") {
    if (isClassPrediction(prediction) || !(actual instanceof Float64Array))
      throw new Error("regression metrics need numeric targets and values");
    return { ...regressionMetrics(actual, prediction.values) };
  }
  if (!isClassPrediction(prediction)) throw new Error(`${task} metrics need class probabilities`);
  const k = prediction.classes.length;
  const truth = classIndices(actual, prediction.classes);
  const predicted = labelIndices(prediction);
  const base = { accuracy: accuracy(truth, predicted), log_loss: logLoss(truth, prediction.probabilities, k) };
  if (task === "multiclass") return { ...base, f1_macro: macroF1(truth, predicted, k) };
  const positive = Uint8Array.from(truth, (c) => (c === 1 ? 1 : 0));
  const score = Float64Array.from({ length: truth.length }, (_, i) => prediction.probabilities[i * 2 + 1]);
  return { ...base, roc_auc: rocAuc(positive, score), ...precisionRecallF1(truth, predicted, 1) };
}
