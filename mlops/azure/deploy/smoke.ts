import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { SAMPLE_FEATURES, TUTORIAL_SMOKE_ROWS } from "../../model-format/index.js";

/** What the smoke test of one deployment found. */
export interface SmokeResult {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * Scores the tutorial's two rows against one deployment of the endpoint (header `azureml-model-deployment`, so the
 * new deployment is tested before it gets traffic) and checks the answer is one finite number per row. The request
 * goes through a core-rest-pipeline pipeline (retries) ending in `httpClient`, so a dry run records it too.
 */
export async function smokeTestDeployment(options: {
  readonly scoringUri: string;
  readonly deployment: string;
  readonly authorization: string;
  readonly httpClient?: HttpClient;
  /** Retries of 5xx / dropped connections while the deployment warms up (default 3, from 2 s). */
  readonly retry?: {
    readonly maxRetries?: number;
    readonly retryDelayInMs?: number;
    readonly maxRetryDelayInMs?: number;
  };
}): Promise<SmokeResult> {
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: 3, retryDelayInMs: 2000, ...options.retry },
  });
  const rows = TUTORIAL_SMOKE_ROWS.map((row) => [...row]);
  const request = createPipelineRequest({
    url: options.scoringUri,
    method: "POST",
    headers: createHttpHeaders({
      "content-type": "application/json",
      authorization: options.authorization,
      "azureml-model-deployment": options.deployment,
    }),
    body: JSON.stringify({ input_data: { columns: SAMPLE_FEATURES, index: rows.map((_, i) => i), data: rows } }),
    allowInsecureConnection: options.scoringUri.startsWith("http://127.0.0.1"),
    timeout: 60_000,
  });
  let response: Awaited<ReturnType<HttpClient["sendRequest"]>>;
  try {
    response = await pipeline.sendRequest(options.httpClient ?? createDefaultHttpClient(), request);
  } catch (error) {
    return { ok: false, detail: `no answer from ${options.scoringUri}: ${(error as Error).message}` };
  }
  if (response.status !== 200) {
    return { ok: false, detail: `HTTP ${response.status}: ${(response.bodyAsText ?? "").slice(0, 200)}` };
  }
  const predictions = predictionsOf(response.bodyAsText ?? "");
  if (!predictions || predictions.length !== rows.length || !predictions.every(Number.isFinite)) {
    return {
      ok: false,
      detail: `expected ${rows.length} finite numbers, got ${(response.bodyAsText ?? "").slice(0, 200)}`,
    };
  }
  return { ok: true, detail: `${rows.length} rows scored: ${predictions.join(", ")}` };
}

/** Azure ML's MLflow server answers a bare array; our server `{"result": [...]}`; MLflow `{"predictions": [...]}`. */
function predictionsOf(text: string): number[] | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(body)
    ? body
    : ((body as { result?: unknown; predictions?: unknown })?.result ??
      (body as { predictions?: unknown })?.predictions);
  return Array.isArray(list) ? list.map((x) => (Array.isArray(x) ? Number(x[0]) : Number(x))) : undefined;
}
