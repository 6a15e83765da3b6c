import type { LinearModel } from "../../training/types.js";

/** input_example.json: MLflow's pandas "split" orient (the shape Azure ML's `input_data` takes too). */
export interface InputExample {
  readonly columns: readonly string[];
  readonly data: readonly (readonly number[])[];
}

/** smoke.json: the payload a deployment smoke test sends and the result the model must return. */
export interface SmokeExample {
  readonly input: { readonly data: number[][] };
  readonly result: number[];
}

/** The sample project's features, for which MLOpsPython's tutorial defines its smoke payload. */
export const SAMPLE_FEATURES: readonly string[] = ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"];
/** The tutorial's smoke payload (`{"data": [[1..10], [10..1]]}`). */
export const TUTORIAL_SMOKE_ROWS: readonly (readonly number[])[] = [
  [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
];
/** How many rows of the input example other models' smoke payload takes. */
const SMOKE_ROWS_FROM_EXAMPLE = 2;

/**
 * The rows of the smoke payload: the tutorial's payload when the model uses exactly the sample's 10 features
 * (so the deployed diabetes model answers the numbers the tutorial documents), otherwise the first rows of the
 * input example (a payload any model accepts).
 */
export function smokeRows(model: LinearModel, example: InputExample): number[][] {
  const sample =
    model.featureNames.length === SAMPLE_FEATURES.length &&
    model.featureNames.every((n, i) => n === SAMPLE_FEATURES[i]);
  const rows = sample ? TUTORIAL_SMOKE_ROWS : example.data.slice(0, SMOKE_ROWS_FROM_EXAMPLE);
  return rows.map((row) => [...row]);
}
