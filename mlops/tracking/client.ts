import {
  createDefaultHttpClient,
  createEmptyPipeline,
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
  retryPolicy,
} from "@azure/core-rest-pipeline";
import { CliError } from "../errors/index.js";
import { type RetryOptions, transientRetryStrategy } from "../http/index.js";
import { dataProblems, type RunData, toBatches } from "./batches.js";
import type { TrackingTarget } from "./target.js";

/** Test seams: faster retries, another HTTP client. */
export interface LogOptions {
  readonly retry?: RetryOptions;
  readonly httpClient?: HttpClient;
}

/**
 * Logs `data` to the target run with MLflow's `POST runs/log-batch` (https://mlflow.org/docs/latest/rest-api.html),
 * split to the server's limits; 429, 5xx and dropped connections are retried with backoff (the server's Retry-After
 * wins). A refusal is an error naming the status, MLflow's error code and message; the token is never in it.
 * Resolves to the number of requests sent.
 */
export async function logRunData(target: TrackingTarget, data: RunData, options: LogOptions = {}): Promise<number> {
  const problems = dataProblems(data);
  if (problems.length > 0) throw new CliError(`cannot log to MLflow run ${target.runId}: ${problems.join("; ")}`);
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(
    retryPolicy([transientRetryStrategy(options.retry)], { maxRetries: options.retry?.maxRetries ?? 5 }),
  );
  const client = options.httpClient ?? createDefaultHttpClient();
  const url = `${target.apiBase}/runs/log-batch`;
  const batches = toBatches(target.runId, data);
  for (const body of batches) {
    const request = createPipelineRequest({
      url,
      method: "POST",
      headers: createHttpHeaders({
        "content-type": "application/json",
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      }),
      body: JSON.stringify(body),
      allowInsecureConnection: url.startsWith("http://"),
    });
    const response = await pipeline.sendRequest(client, request).catch((error: Error) => {
      throw new CliError(`MLflow log-batch to ${new URL(url).host} failed: ${error.message.split("\n")[0]}`);
    });
    if (response.status !== 200) throw new CliError(`MLflow log-batch to ${new URL(url).host}: ${refusal(response)}`);
  }
  return batches.length;
}

/** `HTTP 400 INVALID_PARAMETER_VALUE: <message>` from MLflow's error body (`error_code`, `message`). */
function refusal(response: { status: number; bodyAsText?: string | null }): string {
  let detail = "";
  try {
    const body = JSON.parse(response.bodyAsText ?? "") as { error_code?: string; message?: string };
    detail = [body.error_code, body.message].filter(Boolean).join(": ");
  } catch {
    detail = (response.bodyAsText ?? "").slice(0, 200);
  }
  return `HTTP ${response.status}${detail ? ` ${detail}` : ""}`;
}
