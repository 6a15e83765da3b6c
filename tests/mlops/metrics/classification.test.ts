import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Label } from "../../../mlops/contract/index.js";
import { rocAuc, TASK_METRICS, taskMetrics } from "../../../mlops/metrics/index.js";

interface Case {
  readonly name: string;
  readonly classes: Label[];
  readonly actual: Label[];
  readonly probabilities: number[][];
  readonly metrics: Record<string, number>;
}

// scikit-learn 1.2.1's own numbers (fixtures/sklearn/generate-classification-metrics.py; interop regenerates them).
const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/sklearn/classification-metrics.json"), "utf8"),
) as { cases: Case[] };

const column = (values: Label[]) =>
  typeof values[0] === "number" ? Float64Array.from(values as number[]) : (values as string[]);

describe("classification metrics", () => {
  it.each(reference.cases.map((c) => [c.name, c] as const))(
    "%s: every metric equals scikit-learn's, bit for bit",
    (_, c) => {
      const task = c.classes.length === 2 ? "binary" : "multiclass";
      const got = taskMetrics(task, column(c.actual), {
        classes: c.classes,
        probabilities: Float64Array.from(c.probabilities.flat()),
      });

      expect(Object.keys(got).sort()).toEqual(TASK_METRICS[task].map((m) => m.name).sort());
      for (const [name, want] of Object.entries(c.metrics)) expect(got[name], name).toBe(want);
    },
  );

  it("computes the AUC of tied scores as the ROC curve's trapezoids (0.5 for one shared score)", () => {
    expect(rocAuc(Uint8Array.from([0, 1, 0, 1]), Float64Array.from([0.5, 0.5, 0.5, 0.5]))).toBe(0.5);
    expect(rocAuc(Uint8Array.from([0, 0, 1, 1]), Float64Array.from([0.1, 0.4, 0.35, 0.8]))).toBe(0.75);
    expect(rocAuc(Uint8Array.from([1, 1]), Float64Array.from([0.1, 0.2]))).toBeNaN();
  });

  it("refuses a log loss for a class the model does not know", () => {
    expect(() =>
      taskMetrics("binary", ["a", "z"], {
        classes: ["a", "b"],
        probabilities: Float64Array.from([0.9, 0.1, 0.2, 0.8]),
      }),
    ).toThrow(/row 1: its class is not one of the model's classes/);
  });
});
