import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FEATURES, TARGET } from "../../training/index.js";
import { CSV, frame, SKLEARN, split } from "./helpers.js";

describe("data/breast_cancer.csv", () => {
  it("has a header of scikit-learn's feature names (spaces as _) and the diagnosis", () => {
    const header = readFileSync(CSV, "utf8").split("\n", 1)[0].split(",");
    expect(header).toEqual([...SKLEARN.sklearn_feature_names.map((n) => n.replaceAll(" ", "_")), "diagnosis"]);
    expect(header).toEqual([...FEATURES, TARGET.name]);
  });

  it("holds scikit-learn's 569 rows: 212 malignant, 357 benign", () => {
    expect(frame.rows).toBe(569);
    const labels = frame.values[30] as readonly string[];
    expect(SKLEARN.sklearn_target_names).toEqual(["malignant", "benign"]);
    expect(labels.filter((l) => l === "malignant")).toHaveLength(212);
    expect(labels.filter((l) => l === "benign")).toHaveLength(357);
  });

  it("splits as scikit-learn's train_test_split(test_size=0.2, random_state=0): the same 114 test rows, in order", () => {
    expect([split.train.x.rows, split.test.x.rows]).toEqual([SKLEARN.n_train, SKLEARN.n_test]);
    expect(Array.from(split.testIndices)).toEqual(SKLEARN.test_indices);
  });
});
