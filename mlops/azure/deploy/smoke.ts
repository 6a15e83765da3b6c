import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import type { CellValue } from "../../contract/index.js";
import { answerOf, compareAnswer, type ExpectedAnswer, smokeRequest } from "../../smoke/index.js";

/** What to send and the answer the model must give, as the model recorded them at registration (`mlops.smoke`). */
export interface SmokeCase extends ExpectedAnswer {
  readonly columns: readonly string[];
  readonly data: readonly (readonly CellValue[])[];
  /** The column to read from an answer in records of several columns (the model's ONNX output name). */
  readonly output?: string;
}

/** The `mlops.smoke` property of a model version, if it has a usable one. */
export function smokeCaseOf(property: string | undefined): SmokeCase | undefined {
  if (!property) return undefined;
  try {
    const value = JSON.parse(property) as SmokeCase;
    const ok = Array.isArray(value.columns) && Array.isArray(value.data) && Array.isArray(value.result);
    return ok && value.data.length === value.result.length ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the smoke test of one deployment found. */
export interface SmokeResult {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Scores the case's rows against one deployment of the endpoint (header `azureml-model-deployment`, so the new
 * deployment is tested before it gets traffic): the answer — ours, or Azure's MLflow server's records orient — must
 * equal the recorded one (numbers within ±1e-9 relative, labels exactly). The request goes through a
 * core-rest-pipeline pipeline (retries while the deployment warms up) ending in `httpClient`, so a dry run records it.
 */
export async function smokeTestDeployment(options: {
  readonly scoringUri: string;
  readonly deployment: string;
  readonly authorization: string;
  readonly smoke: SmokeCase;
  readonly httpClient?: HttpClient;
  /** Retries of 5xx / dropped connections (default 3, from 2 s). */
  readonly retry?: {
    readonly maxRetries?: number;
    readonly retryDelayInMs?: number;
    readonly maxRetryDelayInMs?: number;
  };
}): Promise<SmokeResult> {
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: 3, retryDelayInMs: 2000, ...options.retry },
  });
  const { columns, data } = options.smoke;
  const request = createPipelineRequest({
    url: options.scoringUri,
    method: "POST",
    headers: createHttpHeaders({
      "content-type": "application/json",
      authorization: options.authorization,
      "azureml-model-deployment": options.deployment,
    }),
    body: smokeRequest({ columns, data }),
    allowInsecureConnection: /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(options.scoringUri),
    timeout: 60_000,
  });
  let response: Awaited<ReturnType<HttpClient["sendRequest"]>>;
  try {
    response = await pipeline.sendRequest(options.httpClient ?? createDefaultHttpClient(), request);
  } catch (error) {
    return { ok: false, detail: `no answer from ${options.scoringUri}: ${(error as Error).message}` };
  }
  const text = response.bodyAsText ?? "";
  if (response.status !== 200) return { ok: false, detail: `HTTP ${response.status}: ${text.slice(0, 200)}` };
  let answer: ReturnType<typeof answerOf>;
  try {
    answer = answerOf(JSON.parse(text), options.smoke.output);
  } catch {
    answer = undefined; // not JSON: reported below with the text
  }
  if (!answer) return { ok: false, detail: `expected one prediction per row, got ${text.slice(0, 200)}` };
  const { mismatch } = compareAnswer(answer, options.smoke);
  if (mismatch) return { ok: false, detail: mismatch };
  return { ok: true, detail: `${data.length} rows scored as registered: ${answer.values.join(", ")}` };
}
