/**
 * The user's inference code (Azure ML's score.py contract). `load(modelDir)` turns a model folder into what answers
 * requests: the HTTP server and the batch scorer call it once per process, then `predict` per request. Add your own
 * pre- or post-processing around the model's `predict` here; the server owns HTTP, payload shapes, auth and logs.
 * `init(modelDir)` / `run(rawData)` are score.py's two functions, for callers that want exactly that contract.
 */
import {
  checkPrediction,
  frameFromRows,
  type PredictionJson,
  type Predictor,
  predictionJson,
  predictorOf,
} from "../mlops/contract/index.js";
import { ScoringInputError } from "../mlops/errors/index.js";
import { loadModel } from "../mlops/model-format/index.js";
import { model } from "../training/index.js";

/** Reads and checks a model folder written by this project's model, and returns its predictor. */
export async function load(modelDir: string): Promise<Predictor> {
  const loaded = await loadModel(modelDir, model);
  return predictorOf(model, loaded.fitted, loaded.info, loaded.smoke.input.data);
}

let predictor: Predictor | undefined;

/** score.py's init(): loads the model once per process. */
export async function init(modelDir: string): Promise<void> {
  predictor = await load(modelDir);
}

/** Request headers as Node gives them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * score.py's run(raw_data, request_headers): `{"data": [[...], ...]}` (one value per input column, in signature
 * order) → `{"result": [...]}` (plus `classes` and `probabilities` for a classifier). Bad input throws
 * ScoringInputError naming the row, the column and the value.
 */
export function run(rawData: string, _requestHeaders?: RequestHeaders): PredictionJson {
  if (!predictor) throw new Error("scoring: call init(modelDir) before run()");
  let payload: unknown;
  try {
    payload = JSON.parse(rawData);
  } catch (error) {
    throw new ScoringInputError(`invalid JSON: ${(error as Error).message}`);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) || !Object.hasOwn(payload, "data")) {
    throw new ScoringInputError('expected a JSON object {"data": [[...], ...]}');
  }
  const x = frameFromRows((payload as { data: unknown }).data, predictor.info.signature.inputs, "data");
  return predictionJson(checkPrediction(predictor.predict(x), x.rows, predictor.info.task, "data"));
}
