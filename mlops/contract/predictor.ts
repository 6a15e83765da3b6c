import type { Signature } from "./columns.js";
import type { Frame, Matrix } from "./frame.js";
import type { Params } from "./hyperparameters.js";
import type { CellValue, ModelDefinition } from "./model.js";
import type { Label, Prediction, Task } from "./prediction.js";

/** What a model folder says about its model (its MLmodel file), for servers, scorers and evaluations. */
export interface ModelInfo {
  /** The model kind (`random_forest`…). */
  readonly kind: string;
  readonly task: Task;
  /** The inputs the model was fitted on (model order) and its target. */
  readonly signature: Signature;
  readonly hyperparameters: Params;
  /** A classifier's classes, in the order of its probabilities. */
  readonly classes?: readonly Label[];
}

/** A loaded model that answers requests: the server's and the batch scorer's view of scoring/. */
export interface Predictor {
  readonly info: ModelInfo;
  /** Rows the model is known to answer (the folder's smoke payload): the OpenAPI document's example request. */
  readonly example?: Rows;
  predict(x: Frame): Prediction;
  /** Present when every input is a double and the model has a fast path. */
  predictMatrix?(x: Matrix): Prediction;
}

/** A fitted model as a predictor (what scoring/index.ts's `load` returns unless it adds its own steps). */
export function predictorOf<F>(definition: ModelDefinition<F>, fitted: F, info: ModelInfo, example?: Rows): Predictor {
  const fast = definition.predictMatrix;
  const allDouble = info.signature.inputs.every((c) => c.type === "double");
  return {
    info,
    ...(example ? { example } : {}),
    predict: (x) => definition.predict(fitted, x),
    ...(fast && allDouble ? { predictMatrix: (x: Matrix) => fast.call(definition, fitted, x) } : {}),
  };
}

/** Input rows for a smoke test or an example, as JSON. */
export type Rows = readonly (readonly CellValue[])[];
