/** One metric value as MLflow's REST API takes it (`Metric`: key, value, timestamp in ms, step). */
export interface MetricEntry {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

/** A param or a tag: MLflow's `Param` / `RunTag` (string key, string value). */
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

/** What a step logs to its run. */
export interface RunData {
  readonly metrics?: readonly MetricEntry[];
  readonly params?: readonly KeyValue[];
  readonly tags?: readonly KeyValue[];
}

/** The body of one `runs/log-batch` request. */
export interface LogBatchBody {
  readonly run_id: string;
  readonly metrics: readonly MetricEntry[];
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
}

// The server's limits (mlflow/mlflow, mlflow/utils/validation.py: MAX_METRICS_PER_BATCH, MAX_PARAMS_TAGS_PER_BATCH,
// MAX_ENTITIES_PER_BATCH, MAX_BATCH_LOG_REQUEST_SIZE, MAX_ENTITY_KEY_LENGTH, MAX_PARAM_VAL_LENGTH, MAX_TAG_VAL_LENGTH).
export const LIMITS = {
  metrics: 1000,
  params: 100,
  tags: 100,
  entities: 1000,
  requestBytes: 1_000_000,
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 5000,
} as const;

/** Everything in `data` the server would refuse whatever the batching, one line each (naming the key and the limit). */
export function dataProblems(data: RunData): string[] {
  const problems: string[] = [];
  const key = (kind: string, k: string) => {
    if (k.length === 0 || k.length > LIMITS.keyLength)
      problems.push(`${kind} key '${k.slice(0, 50)}' has ${k.length} characters (1–${LIMITS.keyLength})`);
  };
  for (const m of data.metrics ?? []) {
    key("metric", m.key);
    if (!Number.isFinite(m.value)) problems.push(`metric '${m.key}' is ${m.value}, not a finite number`);
  }
  const seen = new Set<string>();
  for (const p of data.params ?? []) {
    key("param", p.key);
    if (seen.has(p.key)) problems.push(`param '${p.key}' is given twice`);
    seen.add(p.key);
    if (p.value.length > LIMITS.paramValueLength) {
      problems.push(`param '${p.key}' has ${p.value.length} characters (at most ${LIMITS.paramValueLength})`);
    }
  }
  for (const t of data.tags ?? []) {
    key("tag", t.key);
    if (t.value.length > LIMITS.tagValueLength) {
      problems.push(`tag '${t.key}' has ${t.value.length} characters (at most ${LIMITS.tagValueLength})`);
    }
  }
  return problems;
}

/**
 * Splits `data` into `log-batch` bodies within the server's limits: at most 100 params, 100 tags and 1000 metrics
 * per request, 1000 entities in all, and 1 MB of JSON (a body over that is halved until it fits).
 */
export function toBatches(runId: string, data: RunData): LogBatchBody[] {
  const metrics = [...(data.metrics ?? [])];
  const params = [...(data.params ?? [])];
  const tags = [...(data.tags ?? [])];
  const out: LogBatchBody[] = [];
  while (metrics.length + params.length + tags.length > 0) {
    const p = params.splice(0, LIMITS.params);
    const t = tags.splice(0, LIMITS.tags);
    const m = metrics.splice(0, Math.min(LIMITS.metrics, LIMITS.entities - p.length - t.length));
    out.push(...fitSize({ run_id: runId, metrics: m, params: p, tags: t }));
  }
  return out;
}

function fitSize(body: LogBatchBody): LogBatchBody[] {
  const count = body.metrics.length + body.params.length + body.tags.length;
  if (count <= 1 || Buffer.byteLength(JSON.stringify(body)) <= LIMITS.requestBytes) return [body];
  const half = <T>(items: readonly T[]) => [
    items.slice(0, Math.ceil(items.length / 2)),
    items.slice(Math.ceil(items.length / 2)),
  ];
  const [m1, m2] = half(body.metrics);
  const [p1, p2] = half(body.params);
  const [t1, t2] = half(body.tags);
  return [
    ...fitSize({ run_id: body.run_id, metrics: m1, params: p1, tags: t1 }),
    ...fitSize({ run_id: body.run_id, metrics: m2, params: p2, tags: t2 }),
  ];
}

/** A JSON object's entries as MLflow params: strings as they are, anything else as its JSON text. */
export function paramsOf(values: Readonly<Record<string, unknown>>): KeyValue[] {
  return Object.entries(values).map(([key, value]) => ({
    key,
    value: typeof value === "string" ? value : JSON.stringify(value),
  }));
}

/** Numbers as MLflow metrics at one timestamp (ms) and step 0. */
export function metricsOf(values: Readonly<Record<string, number>>, timestamp = Date.now()): MetricEntry[] {
  return Object.entries(values).map(([key, value]) => ({ key, value, timestamp, step: 0 }));
}
