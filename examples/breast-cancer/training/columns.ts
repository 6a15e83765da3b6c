// The data's columns: scikit-learn's 30 feature names (spaces as `_`), all doubles, and the diagnosis.
import type { ColumnSpec, Signature } from "../mlops/contract/index.js";

const MEASURES = [
  "radius",
  "texture",
  "perimeter",
  "area",
  "smoothness",
  "compactness",
  "concavity",
  "concave_points",
  "symmetry",
  "fractal_dimension",
];

/** The inputs in CSV order: the mean of each measure over a sample's cells, then its standard error, then the worst. */
export const FEATURES: readonly string[] = [
  ...MEASURES.map((m) => `mean_${m}`),
  ...MEASURES.map((m) => `${m}_error`),
  ...MEASURES.map((m) => `worst_${m}`),
];

/** The target: `benign` or `malignant`. */
export const TARGET: ColumnSpec = { name: "diagnosis", type: "string" };

/** The class the binary metrics (ROC AUC, precision, recall) treat as positive: the model's second class. */
export const POSITIVE_CLASS = "malignant";

export const SIGNATURE: Signature = {
  inputs: FEATURES.map((name) => ({ name, type: "double" })),
  target: TARGET,
};
