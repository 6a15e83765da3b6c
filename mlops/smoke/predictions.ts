// What a scoring service answered, whatever its shape. Cited shapes:
// - ours (mlops/server) and score.py: {"result": [...]}, plus {"classes", "probabilities"} for a classifier;
// - Azure ML's MLflow no-code server (Azure/azureml-assets, assets/inference/environments/mlflow-py312-inference/
//   context/mlflow_score_script.py, run(): `return _get_jsonable_obj(result, pandas_orient="records")`): a pyfunc
//   DataFrame becomes pandas' records orient, [{"<output name>": value}, ...] (for our ONNX flavor the output name is
//   the ONNX graph's output); a numpy result becomes a bare list (`.tolist()`), a dict of arrays a dict of lists;
// - MLflow's own scoring server (mlflow models serve): {"predictions": [...]}.
import type { Label } from "../contract/index.js";

/** The answer's per-row predictions and, from our server, a classifier's classes and probabilities. */
export interface ScoringAnswer {
  readonly values: readonly (number | Label)[];
  readonly classes?: readonly Label[];
  readonly probabilities?: readonly (readonly number[])[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isLabel = (v: unknown): v is number | string =>
  (typeof v === "number" && Number.isFinite(v)) || typeof v === "string";

/**
 * The predictions in a scoring answer (see the shapes above), or undefined when there is no list of one value per
 * row. `output` names the column to take from records of several columns (a model's ONNX output name).
 */
export function answerOf(body: unknown, output?: string): ScoringAnswer | undefined {
  let list: unknown;
  if (Array.isArray(body)) list = body;
  else if (isRecord(body)) list = body.result ?? body.predictions ?? (output ? body[output] : undefined);
  if (!Array.isArray(list)) return undefined;
  const values = list.map((v) => {
    if (Array.isArray(v) && v.length === 1) return v[0]; // a one-column 2-D array
    if (isRecord(v)) {
      const keys = Object.keys(v);
      // pandas records orient: the named output column; a record of one column when no output is named.
      if (output !== undefined) return v[output];
      return keys.length === 1 ? v[keys[0]] : undefined;
    }
    return v;
  });
  if (!values.every(isLabel)) return undefined;
  if (!isRecord(body) || body.probabilities === undefined) return { values };
  const { classes, probabilities } = body;
  const numbers = (row: unknown) => Array.isArray(row) && row.every((p) => typeof p === "number");
  if (
    !Array.isArray(classes) ||
    !classes.every(isLabel) ||
    !Array.isArray(probabilities) ||
    !probabilities.every(numbers)
  )
    return undefined;
  return { values, classes, probabilities: probabilities as number[][] };
}
