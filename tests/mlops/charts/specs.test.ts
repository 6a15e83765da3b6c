import { describe, expect, it } from "vitest";
import {
  CHART_FONT,
  type ChartSpec,
  confusionMatrixSpec,
  predictedVsActualSpec,
  residualsSpec,
  rocSpec,
  TASK_CHARTS,
  taskCharts,
} from "../../../mlops/charts/index.js";
import type { ClassPrediction } from "../../../mlops/contract/index.js";
import { rocCurve, taskMetrics } from "../../../mlops/metrics/index.js";

type Layer = { data?: { values: Record<string, unknown>[] }; mark: unknown };
const layers = (spec: ChartSpec) => spec.layer as Layer[];
const values = (spec: ChartSpec, i: number) => layers(spec)[i].data?.values ?? [];
const subtitle = (spec: ChartSpec) => (spec.title as { subtitle: string }).subtitle;

const labels = { target: "y", model: "m (k 1)" };
const actual = Float64Array.from([1, 2, 3, 4]);
const predicted = Float64Array.from([1.5, 1.5, 3.5, 5]);

describe("regression chart specs", () => {
  it("predicted vs actual: one point per row, the line y = x over the shared range of both", () => {
    const spec = predictedVsActualSpec({ actual, predicted, ...labels });

    expect(values(spec, 1)).toEqual([
      { actual: 1, predicted: 1.5 },
      { actual: 2, predicted: 1.5 },
      { actual: 3, predicted: 3.5 },
      { actual: 4, predicted: 5 },
    ]);
    expect(values(spec, 0)).toEqual([{ v: 1 }, { v: 5 }]);
    const enc = (layers(spec)[1] as unknown as { encoding: Record<string, { scale: unknown; title: string }> })
      .encoding;
    expect(enc.x.scale).toEqual(enc.y.scale); // one range on both axes: y = x is the diagonal
    expect([enc.x.title, enc.y.title]).toEqual(["Actual y", "Predicted y"]);
    expect(subtitle(spec)).toContain("m (k 1), 4 test rows");
    expect((spec.config as { font: string }).font).toBe(CHART_FONT);
  });

  it("residuals: actual − predicted against the prediction, and the zero line", () => {
    const spec = residualsSpec({ actual, predicted, ...labels });

    expect(values(spec, 1).map((r) => [r.predicted, r.residual])).toEqual([
      [1.5, -0.5],
      [1.5, 0.5],
      [3.5, -0.5],
      [5, -1],
    ]);
    expect(values(spec, 0)).toEqual([{ zero: 0 }]);
  });

  it.each([
    [Float64Array.from([]), Float64Array.from([]), "at least one row"],
    [actual, Float64Array.from([1]), "4 actual values but 1 predictions"],
    [actual, Float64Array.from([1, Number.NaN, 3, 4]), "row 1: actual 2, predicted NaN"],
  ])("refuses bad data, naming it (%#)", (a, p, message) => {
    expect(() => predictedVsActualSpec({ actual: a, predicted: p, ...labels })).toThrow(message);
    expect(() => residualsSpec({ actual: a, predicted: p, ...labels })).toThrow(message);
  });
});

// scikit-learn's roc_curve docstring example: y = [1, 1, 2, 2], scores [0.1, 0.4, 0.35, 0.8], pos_label 2 →
// fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1] (its thresholds start at +inf: the (0, 0) point).
const binary: ClassPrediction = {
  classes: [1, 2],
  probabilities: Float64Array.from([0.1, 0.4, 0.35, 0.8].flatMap((s) => [1 - s, s])),
};
const binaryActual = Float64Array.from([1, 1, 2, 2]);

describe("classification chart specs", () => {
  it("rocCurve gives scikit-learn's roc_curve points", () => {
    const curve = rocCurve(Uint8Array.from([0, 0, 1, 1]), Float64Array.from([0.1, 0.4, 0.35, 0.8]));
    expect(curve && [Array.from(curve.fpr), Array.from(curve.tpr)]).toEqual([
      [0, 0, 0.5, 0.5, 1],
      [0, 0.5, 0.5, 1, 1],
    ]);
    expect(rocCurve(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.3]))).toBeUndefined();
  });

  it("binary ROC: those points in order, the diagonal, the AUC of the roc_auc metric in the subtitle", () => {
    const spec = rocSpec({ actual: binaryActual, prediction: binary, ...labels });
    if (!spec) throw new Error("no ROC spec");

    expect(values(spec, 1).map((p) => [p.order, p.fpr, p.tpr])).toEqual([
      [0, 0, 0],
      [1, 0, 0.5],
      [2, 0.5, 0.5],
      [3, 0.5, 1],
      [4, 1, 1],
    ]);
    expect(values(spec, 0)).toEqual([{ v: 0 }, { v: 1 }]);
    const auc = taskMetrics("binary", binaryActual, binary).roc_auc;
    expect(auc).toBe(0.75);
    expect(subtitle(spec)).toContain(`AUC ${auc.toFixed(4)}`);
    expect((spec.title as { text: string }).text).toBe("ROC curve: y = 2");
  });

  const three: ClassPrediction = {
    classes: ["a", "b", "c"],
    probabilities: Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.5, 0.25, 0.25]),
  };

  // b's scores: positives 0.5 and 0.25, negatives 0.2 and 0.3 → 3 of 4 pairs ranked right.
  it("multiclass ROC: one curve per class against the rest, each AUC in its legend name", () => {
    const spec = rocSpec({ actual: ["a", "b", "c", "b"], prediction: three, ...labels });
    if (!spec) throw new Error("no ROC spec");

    const series = [...new Set(values(spec, 1).map((p) => p.series))];
    expect(series).toEqual(["a (AUC 1.0000)", "b (AUC 0.7500)", "c (AUC 1.0000)"]);
  });

  it("no ROC when the rows hold one class only; the classes it cannot draw are named", () => {
    expect(
      rocSpec({
        actual: Float64Array.from([2, 2]),
        prediction: { ...binary, probabilities: binary.probabilities.subarray(0, 4) },
        ...labels,
      }),
    ).toBeUndefined();
    const spec = rocSpec({ actual: ["a", "b", "a", "b"], prediction: three, ...labels });
    expect(spec && subtitle(spec)).toContain("no curve for c");
  });

  it("confusion matrix: a count per (actual, predicted) pair, every pair present, classes in the model's order", () => {
    const spec = confusionMatrixSpec({ actual: ["a", "b", "c", "b"], prediction: three, ...labels });
    const cells = (spec.data as { values: { actual: string; predicted: string; count: number }[] }).values;

    expect(cells).toHaveLength(9);
    const count = (a: string, p: string) => cells.find((c) => c.actual === a && c.predicted === p)?.count;
    // rows: a→a, b→b, c→c, b→a (0.5 > 0.25)
    expect([count("a", "a"), count("b", "b"), count("c", "c"), count("b", "a"), count("a", "b")]).toEqual([
      1, 1, 1, 1, 0,
    ]);
    expect(subtitle(spec)).toContain("3 on the diagonal");
    const x = (spec.encoding as { x: { sort: string[]; axis: { labelAngle: number } } }).x;
    expect([x.sort, x.axis.labelAngle]).toEqual([["a", "b", "c"], 0]);
  });

  it("confusion matrix: an actual class the model never saw gets a row of its own", () => {
    const spec = confusionMatrixSpec({ actual: ["a", "z", "c", "b"], prediction: three, ...labels });
    const cells = (spec.data as { values: { actual: string; predicted: string; count: number }[] }).values;
    expect(cells).toHaveLength(16);
    expect(cells.find((c) => c.actual === "z" && c.predicted === "b")?.count).toBe(1);
  });

  it("refuses rows that do not match the prediction", () => {
    expect(() => confusionMatrixSpec({ actual: ["a"], prediction: three, ...labels })).toThrow(
      "1 actual labels but 4 predicted rows",
    );
  });
});

describe("taskCharts", () => {
  it("gives each task its default charts, by name", () => {
    expect(Object.keys(taskCharts("regression", actual, { values: predicted }, labels))).toEqual(
      TASK_CHARTS.regression,
    );
    expect(Object.keys(taskCharts("binary", binaryActual, binary, labels))).toEqual(TASK_CHARTS.binary);
    expect(() => taskCharts("regression", actual, binary, labels)).toThrow("regression charts need");
  });
});
