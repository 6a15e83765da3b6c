import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { SAMPLE_FEATURES, TUTORIAL_SMOKE_ROWS } from "../../model-format/index.js";
import { predictionsOf, SMOKE_TOLERANCE } from "../../smoke/index.js";

/** What to send, and (when the model recorded it at registration) the answer it must give. */
export interface SmokeCase {
  readonly columns: readonly string[];
  readonly data: readonly (readonly number[])[];
  readonly result?: readonly number[];
}

/** The tutorial's two rows, checked for one finite number each (a model registered without `mlops.smoke`). */
export const TUTORIAL_CASE: SmokeCase = { columns: SAMPLE_FEATURES, data: TUTORIAL_SMOKE_ROWS };

/** The `mlops.smoke` property of a model version, if it has a usable one. */
export function smokeCaseOf(property: string | undefined): SmokeCase | undefined {
  if (!property) return undefined;
  try {
    const value = JSON.parse(property) as SmokeCase;
    return Array.isArray(value.columns) && Array.isArray(value.data) && Array.isArray(value.result) ? value : undefined;
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
 * deployment is tested before it gets traffic): one finite number per row, equal to the recorded result within the
 * smoke tolerance (±1e-9 relative) when there is one. The request goes through a core-rest-pipeline pipeline
 * (retries while the deployment warms up) ending in `httpClient`, so a dry run records it too.
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
  const { columns, data, result: expected } = options.smoke;
  const request = createPipelineRequest({
    url: options.scoringUri,
    method: "POST",
    headers: createHttpHeaders({
      "content-type": "application/json",
      authorization: options.authorization,
      "azureml-model-deployment": options.deployment,
    }),
    // Azure ML's MLflow (no-code) server takes pandas "split" orient under input_data.
    body: JSON.stringify({ input_data: { columns, index: data.map((_, i) => i), data } }),
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
  let got: number[] | undefined;
  try {
    got = predictionsOf(JSON.parse(text));
  } catch {
    got = undefined; // not JSON: reported below with the text
  }
  if (!got || got.length !== data.length || !got.every(Number.isFinite)) {
    return { ok: false, detail: `expected ${data.length} finite numbers, got ${text.slice(0, 200)}` };
  }
  const off = expected?.findIndex((want, i) => Math.abs(got[i] - want) > SMOKE_TOLERANCE * Math.max(1, Math.abs(want)));
  if (expected && off !== undefined && off >= 0) {
    return {
      ok: false,
      detail: `row ${off}: expected ${expected[off]}, got ${got[off]} (±${SMOKE_TOLERANCE} relative)`,
    };
  }
  return { ok: true, detail: `${data.length} rows scored${expected ? " as registered" : ""}: ${got.join(", ")}` };
}
