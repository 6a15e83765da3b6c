/**
 * The predictions in a scoring answer, or undefined when there is no list of numbers: our server and score.py answer
 * `{"result": [...]}`, Azure ML's MLflow no-code server a bare list, MLflow `{"predictions": [...]}`; a one-column
 * answer may come as `[[x], ...]`.
 */
export function predictionsOf(body: unknown): number[] | undefined {
  const list = Array.isArray(body)
    ? body
    : ((body as { result?: unknown; predictions?: unknown } | null)?.result ??
      (body as { predictions?: unknown } | null)?.predictions);
  if (!Array.isArray(list)) return undefined;
  const values = list.map((v) => (Array.isArray(v) && v.length === 1 ? v[0] : v));
  return values.every((v) => typeof v === "number") ? (values as number[]) : undefined;
}
