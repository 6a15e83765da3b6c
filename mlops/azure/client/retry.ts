// The ARM client's retries: the shared 429/5xx strategy (mlops/http), under the name the Azure code uses.
export {
  type RetryOptions,
  retryAfterMs,
  transientRetryStrategy as armRetryStrategy,
} from "../../http/retry.js";
