import type { PipelineResponse, RetryStrategy } from "@azure/core-rest-pipeline";

/** How hard a client retries throttling (429), server errors (5xx) and dropped connections. */
export interface RetryOptions {
  /** Retries after the first attempt (default 6). */
  readonly maxRetries?: number;
  /** First backoff step; doubles per retry, with jitter (default 1 s). */
  readonly retryDelayInMs?: number;
  /** Ceiling for one wait, also for a server's Retry-After (default 60 s). */
  readonly maxRetryDelayInMs?: number;
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EPIPE", "EAI_AGAIN"]);

/**
 * 429 and 5xx (but 501/505, which a retry cannot fix) are retried; the server's `Retry-After` /
 * `retry-after-ms` / `x-ms-retry-after-ms` wins over our backoff. The SDK's default policy retries 429 only when
 * Retry-After is present, which ARM front doors do not always send. Used by the ARM client and the MLflow client.
 */
export function transientRetryStrategy(options: RetryOptions = {}): RetryStrategy {
  const base = options.retryDelayInMs ?? 1000;
  const ceiling = options.maxRetryDelayInMs ?? 60_000;
  const backoff = (retryCount: number) => {
    const step = Math.min(ceiling, base * 2 ** retryCount);
    return Math.round(step / 2 + Math.random() * (step / 2));
  };
  return {
    name: "transientRetryStrategy",
    retry({ retryCount, response, responseError }) {
      if (response && isRetryableStatus(response.status)) {
        const after = retryAfterMs(response);
        return { retryAfterInMs: after === undefined ? backoff(retryCount) : Math.min(after, ceiling) };
      }
      if (!response && responseError && TRANSIENT_CODES.has(String(responseError.code))) {
        return { retryAfterInMs: backoff(retryCount) };
      }
      return { skipStrategy: true };
    },
  };
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/** The server's requested wait in ms, if it sent one. */
export function retryAfterMs(response: PipelineResponse): number | undefined {
  for (const [header, scale] of [
    ["retry-after-ms", 1],
    ["x-ms-retry-after-ms", 1],
    ["retry-after", 1000],
  ] as const) {
    const raw = response.headers.get(header);
    if (raw === undefined || raw.trim() === "") continue;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0) return value * scale;
    const date = Date.parse(raw);
    if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  }
  return undefined;
}
