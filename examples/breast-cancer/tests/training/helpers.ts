import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Frame, type Matrix, matrixOf } from "../../mlops/contract/index.js";
import { readCsvFrame } from "../../mlops/data/index.js";
import { splitInMemory } from "../../mlops/steps/index.js";
import { SIGNATURE } from "../../training/index.js";

/** The project root (the example's folders sit in a project's training/, scoring/, data/, tests/…). */
export const ROOT = join(import.meta.dirname, "..", "..");
export const CSV = join(ROOT, "data", "breast_cancer.csv");

/** scikit-learn's forest on the same split (fixtures/generate-sklearn-forest.py). */
export interface SklearnForest {
  readonly sklearn: string;
  readonly sklearn_feature_names: string[];
  readonly sklearn_target_names: string[];
  readonly n_train: number;
  readonly n_test: number;
  readonly test_indices: number[];
  readonly roc_auc: number;
  readonly p_malignant: number[];
}
export const SKLEARN: SklearnForest = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "sklearn-forest.json"), "utf8"),
);

/** The whole CSV, typed by the model's signature. */
export const frame: Frame = await readCsvFrame(CSV, [...SIGNATURE.inputs, SIGNATURE.target]);
/** The pipeline's split with the template's knobs (test size 0.2, random state 0). */
export const split = splitInMemory(frame, SIGNATURE.inputs, 0.2, 0);
export const matrix = (x: Frame): Matrix => matrixOf(x) as Matrix;
