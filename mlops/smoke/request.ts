import type { CellValue } from "../contract/index.js";

/**
 * The smoke request body. With column names it is `{"input_data": {"columns", "index", "data"}}` — pandas "split"
 * orient under `input_data`, the one shape both Azure ML's MLflow (no-code) scoring script and `mlops serve` read
 * (azureml-inference-server's mlflow_score_script.py declares `run(input_data, …)` with an `input_data` schema).
 * Without names (a hand-written smoke file), `{"data": [[…]]}`: rows in model order, for `mlops serve` and
 * scoring-script deployments.
 */
export function smokeRequest(input: {
  readonly columns?: readonly string[];
  readonly data: readonly (readonly CellValue[])[];
}): string {
  const { columns, data } = input;
  if (!columns) return JSON.stringify({ data });
  return JSON.stringify({ input_data: { columns, index: data.map((_, i) => i), data } });
}
