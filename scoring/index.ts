/**
 * The user's inference code (Azure ML's score.py contract, seed 000): `init(modelDir)` loads the model once,
 * `run(rawData, requestHeaders)` turns `{"data": [[...], ...]}` into `{"result": [...]}`.
 * The HTTP server and the batch scorer call `score(rows, where)` / `scoreMatrix(x)` after mapping their payload
 * shapes to rows in `inputColumns()` order; keep those functions if you replace the model.
 */
import { type LinearModel, type Matrix, predict, predictMatrix } from "../training/index.js";
import { checkedPredictions, checkPredictions, checkRows, ScoringInputError } from "./input.js";
import { loadModelFile } from "./model.js";

export { describeValue, ScoringInputError } from "./input.js";

let model: LinearModel | undefined;

function loaded(): LinearModel {
  if (!model) throw new Error("scoring: call init(modelDir) before scoring");
  return model;
}

/** Loads the model from an MLflow model folder (once per process, like score.py's init()). */
export async function init(modelDir: string): Promise<void> {
  model = await loadModelFile(modelDir);
}

/** The model's input columns, in the order `score` expects each row. */
export function inputColumns(): readonly string[] {
  return loaded().featureNames;
}

/** The name of what the model predicts (the training target). */
export function outputColumn(): string {
  return loaded().target;
}

/**
 * Scores rows (each one finite number per input column). Throws ScoringInputError, prefixed by `where`
 * (the payload key the rows came from), naming the offending row, column and value.
 */
export function score(rows: unknown, where = "data"): number[] {
  const m = loaded();
  return checkPredictions(predict(m, checkRows(rows, m.featureNames, where)), where);
}

/**
 * Scores a row-major matrix of already-checked finite numbers (one column per input, in `inputColumns()` order):
 * the server's fast path. Throws ScoringInputError when a prediction overflows.
 */
export function scoreMatrix(x: Matrix, where = "data"): Float64Array {
  return checkedPredictions(predictMatrix(loaded(), x), where);
}

/** Request headers as Node gives them (lower-case names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Azure ML's `run(raw_data, request_headers)`: parses `{"data": [[...], ...]}` and returns `{"result": [...]}`.
 * Bad input throws ScoringInputError. `requestHeaders` is accepted for signature compatibility; request ids and
 * traceparent are logged by the server, per request.
 */
export function run(rawData: string, _requestHeaders?: RequestHeaders): { result: number[] } {
  let payload: unknown;
  try {
    payload = JSON.parse(rawData);
  } catch (error) {
    throw new ScoringInputError(`invalid JSON: ${(error as Error).message}`);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload) || !Object.hasOwn(payload, "data")) {
    throw new ScoringInputError('expected a JSON object {"data": [[...], ...]}');
  }
  return { result: score((payload as { data: unknown }).data, "data") };
}
