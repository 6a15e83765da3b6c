// What an MLflow tracking server accepts in `POST /api/2.0/mlflow/runs/log-batch`, built from MLflow's own sources,
// not from our client (mlflow/mlflow, MIT):
// - the REST API reference, docs/api_reference/source/rest-api.rst @ 0026b08dc1b90b63efce78302b7d6df63f1eac63
//   (https://mlflow.org/docs/latest/rest-api.html#log-batch): request `run_id`, `metrics` (Metric: key, value,
//   timestamp, step), `params` (Param: key, value), `tags` (RunTag: key, value); "Metrics: metric values are never
//   overwritten ... appends"; "Tags: tag values can be overwritten"; "Parameters: once written, param values cannot be
//   changed (attempting to overwrite a param value will result in an error). However, logging the same param (key,
//   value) is permitted"; "up to 1000 metrics, 100 params, 100 tags, 1000 in total, 1 MB";
// - the server's checks, mlflow/utils/validation.py @ 001cc178a1442b488da41853c497adc5285a284d: MAX_METRICS_PER_BATCH
//   1000, MAX_PARAMS_TAGS_PER_BATCH 100 (params, and tags), MAX_ENTITIES_PER_BATCH 1000, MAX_BATCH_LOG_REQUEST_SIZE
//   1e6, MAX_ENTITY_KEY_LENGTH 250, MAX_PARAM_VAL_LENGTH 6000, MAX_TAG_VAL_LENGTH 5000, the key pattern
//   `^[/\w.\- ]*$` and path_not_unique, metric values numeric (not bool), timestamps ≥ 0, duplicate param keys in one
//   request refused, and the error messages;
// - the error body and status, mlflow/exceptions.py @ 001cc178a1442b488da41853c497adc5285a284d: `{"error_code",
//   "message"}`; INVALID_PARAMETER_VALUE → 400, RESOURCE_DOES_NOT_EXIST → 404, UNAUTHENTICATED → 401.
// - the "Changing param values is not allowed" wording, mlflow/store/tracking/file_store.py (same repository).

/** A run as the server stores it. */
export interface FakeRun {
  readonly params: Map<string, string>;
  readonly tags: Map<string, string>;
  /** Every logged value per key, in order (metrics append). */
  readonly metrics: Map<string, { value: number; timestamp: number; step: number }[]>;
}

/** An MLflow error: its code and the HTTP status MLflow maps it to. */
export class MlflowError extends Error {
  constructor(
    readonly errorCode: "INVALID_PARAMETER_VALUE" | "RESOURCE_DOES_NOT_EXIST" | "UNAUTHENTICATED" | "BAD_REQUEST",
    message: string,
  ) {
    super(message);
  }

  get status(): number {
    return { INVALID_PARAMETER_VALUE: 400, BAD_REQUEST: 400, RESOURCE_DOES_NOT_EXIST: 404, UNAUTHENTICATED: 401 }[
      this.errorCode
    ];
  }
}

const invalid = (message: string) => new MlflowError("INVALID_PARAMETER_VALUE", message);
const NAME = /^[/\w.\- ]*$/;

function pathNotUnique(name: string): boolean {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  const norm = (name.startsWith("/") ? "/" : "") + parts.join("/");
  return norm !== name || norm === "" || name.startsWith("..") || name.startsWith("/");
}

function checkKey(kind: string, key: unknown): string {
  if (typeof key !== "string" || key === "") throw invalid(`${kind} name cannot be None. A key name must be provided.`);
  if (!NAME.test(key) || pathNotUnique(key)) throw invalid(`Invalid ${kind.toLowerCase()} name: '${key}'.`);
  if (key.length > 250) {
    throw invalid(`${kind} key '${key.slice(0, 250)}' had length ${key.length}, which exceeded length limit of 250`);
  }
  return key;
}

function checkLength(what: string, value: unknown, limit: number): string {
  const text = typeof value === "string" ? value : "";
  if (text.length > limit) {
    throw invalid(`${what} '${text.slice(0, 250)}' had length ${text.length}, which exceeded length limit of ${limit}`);
  }
  return text;
}

function batchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw invalid(
      `A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. ` +
        `Please split up ${entity} across multiple requests and try again.`,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the request is untrusted JSON.
type Json = any;

/** Applies one log-batch request to `runs`, or throws the MlflowError the server would answer with. */
export function logBatch(runs: Map<string, FakeRun>, text: string): void {
  if (Buffer.byteLength(text) > 1_000_000) {
    throw invalid(`Batched logging API requests must be at most 1000000 bytes, got a request of size ${text.length}.`);
  }
  let body: Json;
  try {
    body = JSON.parse(text);
  } catch {
    throw new MlflowError("BAD_REQUEST", "Malformed request body");
  }
  const metrics: Json[] = body.metrics ?? [];
  const params: Json[] = body.params ?? [];
  const tags: Json[] = body.tags ?? [];
  batchLimit("metrics", 1000, metrics.length);
  batchLimit("params", 100, params.length);
  batchLimit("tags", 100, tags.length);
  batchLimit("metrics, params, and tags", 1000, metrics.length + params.length + tags.length);
  const run = runs.get(body.run_id);
  if (!run) throw new MlflowError("RESOURCE_DOES_NOT_EXIST", `Run with id=${body.run_id} not found`);
  // Everything is checked before anything is written (as the store validates the whole batch first).
  const checkedMetrics = metrics.map((m) => {
    const key = checkKey("Metric", m.key);
    const step = m.step ?? 0;
    const timestamp = m.timestamp ?? 0;
    if (typeof m.value !== "number") throw invalid(`Got invalid value ${m.value} for metric '${key}'`);
    if (typeof timestamp !== "number" || timestamp < 0) throw invalid(`Got invalid timestamp ${timestamp}`);
    if (typeof step !== "number") throw invalid(`Got invalid step ${step} for metric '${key}'`);
    return { key, value: m.value, timestamp, step };
  });
  const seen = new Set<string>();
  const checkedParams = params.map((p) => {
    const key = checkKey("Param", p.key);
    if (seen.has(key)) throw invalid(`Duplicate parameter keys have been submitted: ['${key}'].`);
    seen.add(key);
    const value = checkLength("Param value", p.value, 6000);
    const old = run.params.get(key);
    if (old !== undefined && old !== value) {
      throw invalid(
        `Changing param values is not allowed. Param with key='${key}' was already logged with value='${old}' ` +
          `for run ID='${body.run_id}'. Attempted logging new value '${value}'.`,
      );
    }
    return { key, value };
  });
  const checkedTags = tags.map((t) => ({
    key: checkKey("Tag", t.key),
    value: checkLength("Tag value", t.value, 5000),
  }));
  for (const m of checkedMetrics) {
    const history = run.metrics.get(m.key) ?? [];
    history.push({ value: m.value, timestamp: m.timestamp, step: m.step });
    run.metrics.set(m.key, history);
  }
  for (const p of checkedParams) run.params.set(p.key, p.value);
  for (const t of checkedTags) run.tags.set(t.key, t.value);
}
