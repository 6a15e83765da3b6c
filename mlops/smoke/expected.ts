import { readFile } from "node:fs/promises";
import { CliError } from "../errors/index.js";
import { loadModel, type SmokeExample, TUTORIAL_SMOKE_ROWS } from "../model-format/index.js";

/**
 * The seed-000 sample model's answer to the tutorial payload (ridge alpha 0.5, random state 0, scikit-learn's
 * fit; ARCHITECTURE §6). The one place these numbers live: smoke tests without a model compare against them.
 */
export const SAMPLE_SMOKE: SmokeExample = {
  input: { data: TUTORIAL_SMOKE_ROWS.map((row) => [...row]) },
  result: [5113.09964212281, 3713.63292713853],
};

/** The payload and expected result saved with a model folder (smoke.json, checked by loadModel). */
export async function smokeOfModel(modelDir: string): Promise<SmokeExample> {
  return (await loadModel(modelDir)).smoke;
}

/**
 * A smoke file: `{"input": {"data": [[...]]}, "result": [...]}` (a model's smoke.json), or `{"result": [...]}` for
 * the tutorial payload. Errors name the file and the field.
 */
export async function smokeOfFile(path: string): Promise<SmokeExample> {
  let value: { input?: { data?: unknown }; result?: unknown };
  try {
    value = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliError(
      `--expected ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  const numbers = (v: unknown): v is number[] =>
    Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number" && Number.isFinite(x));
  if (!numbers(value?.result)) throw new CliError(`--expected ${path}: "result" must be a non-empty list of numbers`);
  const data = value.input?.data;
  if (value.input === undefined) return { input: SAMPLE_SMOKE.input, result: value.result };
  if (!Array.isArray(data) || !data.every(numbers)) {
    throw new CliError(`--expected ${path}: "input.data" must be a list of rows of numbers`);
  }
  if (data.length !== value.result.length) {
    throw new CliError(`--expected ${path}: ${data.length} input rows but ${value.result.length} results`);
  }
  return { input: { data }, result: value.result };
}
