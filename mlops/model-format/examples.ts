import type { CellValue, ColumnSpec, ModelDefinition, PredictionJson, Rows } from "../contract/index.js";
import { frameFromRows } from "../contract/index.js";

/** input_example.json: MLflow's pandas "split" orient (the shape Azure ML's `input_data` takes too). */
export interface InputExample {
  readonly columns: readonly string[];
  readonly data: readonly (readonly CellValue[])[];
}

/**
 * smoke.json: the rows a deployment smoke test sends, with their column names (pandas "split" orient, as Azure ML's
 * MLflow server reads `input_data`), and the answer the model must give (result, a classifier's probabilities).
 * `columns` is absent only in smoke files written by hand; the request then sends the rows in model order.
 */
export interface SmokeExample extends PredictionJson {
  readonly input: { readonly columns?: readonly string[]; readonly data: readonly (readonly CellValue[])[] };
}

/** How many rows of the input example the smoke payload takes when the model declares none that fit. */
const SMOKE_ROWS_FROM_EXAMPLE = 2;

/**
 * The rows of the smoke payload: the model's own `smokeRows` when they fit the fitted inputs (TRAIN_FEATURES may have
 * picked fewer columns), otherwise the input example's first rows (a payload any model accepts).
 */
export function smokeRowsFor(
  definition: Pick<ModelDefinition, "smokeRows">,
  inputs: readonly ColumnSpec[],
  example: InputExample,
): Rows {
  const declared = definition.smokeRows;
  if (declared) {
    try {
      frameFromRows(declared, inputs, "smokeRows");
      return declared.map((row) => [...row]);
    } catch {
      // The declared rows are for the model's full signature; this fit reads other columns.
    }
  }
  return example.data.slice(0, SMOKE_ROWS_FROM_EXAMPLE).map((row) => [...row]);
}
