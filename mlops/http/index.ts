// HTTP helpers shared by the Azure ML client and the MLflow tracking client.
export { type RetryOptions, retryAfterMs, transientRetryStrategy } from "./retry.js";
