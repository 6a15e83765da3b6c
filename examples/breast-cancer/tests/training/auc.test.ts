import { describe, expect, it } from "vitest";
import { defaultParams, type Prediction } from "../../mlops/contract/index.js";
import { taskMetrics } from "../../mlops/metrics/index.js";
import { model } from "../../training/index.js";
import { SKLEARN, split } from "./helpers.js";

// The model as `npm start` trains it: the declared defaults (the knob values), the pipeline's split.
describe("the forest with its default hyperparameters on the held-out rows", () => {
  it("scores a ROC AUC ≥ 0.97, within 0.01 of scikit-learn's RandomForestClassifier(100, random_state=0)", () => {
    const fitted = model.fit(split.train.x, split.train.y, defaultParams(model.hyperparameters));
    const prediction = model.predict(fitted, split.test.x) as Prediction & { probabilities: Float64Array };
    const metrics = taskMetrics("binary", split.test.y, prediction);

    expect(fitted.trees).toHaveLength(100);
    expect(metrics.roc_auc).toBeGreaterThanOrEqual(0.97);
    expect(Math.abs(metrics.roc_auc - SKLEARN.roc_auc)).toBeLessThanOrEqual(0.01);
  }, 120_000); // 100 trees on 455 × 30 take ~5 s alone; the suite shares two cores.
});
