// The one table of default charts per task (as mlops/metrics/tasks.ts is for metrics): regression → predicted vs
// actual and residuals; binary and multiclass → ROC and confusion matrix.
import { type ColumnValues, isClassPrediction, type Prediction, type Task } from "../../contract/index.js";
import type { ChartSpec } from "../theme.js";
import { confusionMatrixSpec, rocSpec } from "./classification.js";
import { predictedVsActualSpec, residualsSpec } from "./regression.js";

/** The default charts' names by task (each becomes `plots/<name>.png`). */
export const TASK_CHARTS: Readonly<Record<Task, readonly string[]>> = {
  regression: ["predicted-vs-actual", "residuals"],
  binary: ["roc", "confusion-matrix"],
  multiclass: ["roc", "confusion-matrix"],
};

/** Words for the charts' titles. */
export interface ChartLabels {
  /** The target column's name. */
  readonly target: string;
  /** Who predicted: the model kind and its settings. */
  readonly model: string;
}

/**
 * The task's default charts of a prediction on the test rows against their actual values, by name. A ROC curve
 * that cannot be drawn (the rows hold one class only) is left out.
 */
export function taskCharts(
  task: Task,
  actual: ColumnValues,
  prediction: Prediction,
  labels: ChartLabels,
): Record<string, ChartSpec> {
  if (task === "regression") {
    if (isClassPrediction(prediction) || !(actual instanceof Float64Array))
      throw new Error("regression charts need numeric targets and values");
    const data = { actual, predicted: prediction.values, ...labels };
    return { "predicted-vs-actual": predictedVsActualSpec(data), residuals: residualsSpec(data) };
  }
  if (!isClassPrediction(prediction)) throw new Error(`${task} charts need class probabilities`);
  const data = { actual, prediction, ...labels };
  const roc = rocSpec(data);
  return { ...(roc ? { roc } : {}), "confusion-matrix": confusionMatrixSpec(data) };
}
