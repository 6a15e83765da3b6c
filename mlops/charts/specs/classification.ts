// Classification charts on the test rows: the ROC curve (binary: the second class is positive, as the roc_auc
// metric; multiclass: one curve per class against the rest) and the confusion matrix. Pure functions: data in,
// Vega-Lite spec out. The AUCs come from mlops/metrics (scikit-learn's roc_curve / roc_auc_score).
import { type ClassPrediction, type ColumnValues, type Label, labelIndices } from "../../contract/index.js";
import { classIndices, rocAuc, rocCurve } from "../../metrics/index.js";
import { CHART_SIZE, type ChartSpec, topLevel } from "../theme.js";

/** What a classification chart shows: the test rows' actual labels, the prediction, and words for the titles. */
export interface ClassificationChartData {
  readonly actual: ColumnValues;
  readonly prediction: ClassPrediction;
  /** The target column's name. */
  readonly target: string;
  /** Who predicted: the model kind and its settings (the subtitle). */
  readonly model: string;
}

const rows = (n: number) => `${n} test row${n === 1 ? "" : "s"}`;

function checkRows({ actual, prediction }: ClassificationChartData): number {
  const n = prediction.probabilities.length / prediction.classes.length;
  if (actual.length === 0) throw new RangeError("a classification chart needs at least one row, got none");
  if (actual.length !== n) throw new RangeError(`${actual.length} actual labels but ${n} predicted rows`);
  return n;
}

/** One class against the rest: its curve and AUC, or undefined when the rows hold only that class or none of it. */
function oneVsRest(truth: Int32Array, prediction: ClassPrediction, c: number) {
  const k = prediction.classes.length;
  const positive = Uint8Array.from(truth, (t) => (t === c ? 1 : 0));
  const score = Float64Array.from({ length: truth.length }, (_, i) => prediction.probabilities[i * k + c]);
  const curve = rocCurve(positive, score);
  return curve && { curve, auc: rocAuc(positive, score) };
}

/**
 * The ROC curve: true against false positive rate through scikit-learn's `roc_curve` points (straight segments),
 * with the chance diagonal. Two classes: one curve, the second class positive (the `roc_auc` metric's), its AUC in
 * the subtitle. More classes: one curve per class against the rest, each AUC in the legend. Undefined when no
 * curve can be drawn (the rows hold one class only).
 */
export function rocSpec(data: ClassificationChartData): ChartSpec | undefined {
  const n = checkRows(data);
  const { prediction, target } = data;
  const truth = classIndices(data.actual, prediction.classes);
  const binary = prediction.classes.length === 2;
  const series: Record<string, unknown>[] = [];
  const skipped: Label[] = [];
  let subtitle = `${data.model}, ${rows(n)}`;
  for (const [c, label] of prediction.classes.entries()) {
    if (binary && c === 0) continue;
    const roc = oneVsRest(truth, prediction, c);
    if (!roc) {
      skipped.push(label);
      continue;
    }
    const name = binary ? `${label}` : `${label} (AUC ${roc.auc.toFixed(4)})`;
    if (binary) subtitle += `; AUC ${roc.auc.toFixed(4)}`;
    for (let i = 0; i < roc.curve.fpr.length; i++)
      series.push({ series: name, order: i, fpr: roc.curve.fpr[i], tpr: roc.curve.tpr[i] });
  }
  if (series.length === 0) return undefined;
  if (skipped.length > 0) subtitle += `; no curve for ${skipped.join(", ")} (one class only in the rows)`;
  const title = binary ? `ROC curve: ${target} = ${prediction.classes[1]}` : `ROC curves of ${target}, one vs rest`;
  const unit = { type: "quantitative", scale: { domain: [0, 1] } } as const;
  return topLevel(title, subtitle, {
    layer: [
      {
        data: { values: [{ v: 0 }, { v: 1 }] },
        mark: { type: "line", color: "#999", strokeDash: [4, 4] },
        encoding: { x: { field: "v", ...unit }, y: { field: "v", ...unit } },
      },
      {
        data: { values: series },
        mark: { type: "line", point: { size: 20 }, strokeWidth: 2 },
        encoding: {
          x: { field: "fpr", ...unit, title: "False positive rate" },
          y: { field: "tpr", ...unit, title: "True positive rate" },
          order: { field: "order", type: "quantitative" },
          color: binary
            ? { value: "#1f77b4" }
            : { field: "series", type: "nominal", title: "Class (AUC)", legend: { orient: "bottom-right" } },
        },
      },
    ],
  });
}

/**
 * The confusion matrix: one cell per (actual, predicted) class pair holding its count, darker for more rows, the
 * model's classes in order on both axes (an actual label the model never saw is added after them).
 */
export function confusionMatrixSpec(data: ClassificationChartData): ChartSpec {
  const n = checkRows(data);
  const { prediction, target } = data;
  const labels = prediction.classes.map(String);
  const truth = classIndices(data.actual, prediction.classes);
  const actualIndex = Array.from(truth, (t, i) => {
    if (t >= 0) return t;
    const label = String(data.actual[i]); // a class the model never saw: a row of its own
    if (!labels.includes(label)) labels.push(label);
    return labels.indexOf(label);
  });
  const predicted = labelIndices(prediction);
  const counts = labels.map(() => new Array<number>(labels.length).fill(0));
  let right = 0;
  for (let i = 0; i < n; i++) {
    counts[actualIndex[i]][predicted[i]]++;
    if (actualIndex[i] === predicted[i]) right++;
  }
  const max = Math.max(...counts.flat());
  const cells = counts.flatMap((row, a) => row.map((count, p) => ({ actual: labels[a], predicted: labels[p], count })));
  const axis = (title: string) => ({ field: title.toLowerCase(), type: "nominal", sort: labels, title });
  return topLevel(`Confusion matrix of ${target}`, `${data.model}, ${rows(n)}; ${right} on the diagonal (right)`, {
    width: Math.max(CHART_SIZE, 60 * labels.length),
    height: Math.max(CHART_SIZE, 60 * labels.length),
    data: { values: cells },
    encoding: {
      x: { ...axis("Predicted"), axis: { labelAngle: 0, orient: "bottom" } },
      y: { ...axis("Actual") },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "white" },
        encoding: {
          color: { field: "count", type: "quantitative", title: "Rows", scale: { scheme: "blues", domainMin: 0 } },
        },
      },
      {
        mark: { type: "text", fontSize: 16 },
        encoding: {
          text: { field: "count", type: "quantitative" },
          color: { condition: { test: `datum.count > ${max / 2}`, value: "white" }, value: "black" },
        },
      },
    ],
  });
}
