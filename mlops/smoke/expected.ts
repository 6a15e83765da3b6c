import { readFile } from "node:fs/promises";
import type { ModelDefinition } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import { loadModel, type SmokeExample } from "../model-format/index.js";
import { projectModel } from "../project/index.js";

/** The payload and expected answer saved with a model folder (smoke.json, checked against the model on load). */
export async function smokeOfModel(modelDir: string, model: ModelDefinition = projectModel): Promise<SmokeExample> {
  return (await loadModel(modelDir, model)).smoke;
}

/**
 * A smoke file: a model's smoke.json, `{"input": {"columns": [...], "data": [[...]]}, "result": [...]}` (plus `classes` and
 * `probabilities` for a classifier). Errors name the file and the field.
 */
export async function smokeOfFile(path: string): Promise<SmokeExample> {
  let value: {
    input?: { columns?: unknown; data?: unknown };
    result?: unknown;
    classes?: unknown;
    probabilities?: unknown;
  };
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliError(
      `--expected ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  const labels = (v: unknown): v is (number | string)[] =>
    Array.isArray(v) &&
    v.length > 0 &&
    v.every((x) => (typeof x === "number" && Number.isFinite(x)) || typeof x === "string");
  if (!labels(value?.result)) throw new CliError(`--expected ${path}: "result" must be a non-empty list of values`);
  const data = value.input?.data;
  if (!Array.isArray(data) || !data.every((row) => Array.isArray(row)))
    throw new CliError(`--expected ${path}: "input.data" must be a list of rows (a model's smoke.json has it)`);
  if (data.length !== value.result.length) {
    throw new CliError(`--expected ${path}: ${data.length} input rows but ${value.result.length} results`);
  }
  const columns = value.input?.columns;
  if (
    columns !== undefined &&
    !(
      Array.isArray(columns) &&
      columns.every((c) => typeof c === "string") &&
      data.every((r) => r.length === columns.length)
    )
  )
    throw new CliError(`--expected ${path}: "input.columns" must name each value of a row (or be left out)`);
  const classified = value.probabilities !== undefined;
  if (classified && (!Array.isArray(value.probabilities) || !labels(value.classes)))
    throw new CliError(`--expected ${path}: "probabilities" needs "classes" and one row of numbers per result`);
  return {
    input: { ...(columns ? { columns: columns as string[] } : {}), data },
    result: value.result,
    ...(classified
      ? { classes: value.classes as (number | string)[], probabilities: value.probabilities as number[][] }
      : {}),
  };
}
