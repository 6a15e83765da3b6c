import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../errors/index.js";

/** Reads a JSON file a previous step wrote; errors name the file and the step that should have written it. */
export async function readStepJson<T>(file: string, writer: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError(`${file} not found: run the ${writer} step first`);
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new CliError(`${file} is not valid JSON (${(error as Error).message}): re-run the ${writer} step`);
  }
}

/** A training output's `metrics.json` (`mse`, `r2`, ... as numbers). */
export type Metrics = Readonly<Record<string, number>>;

/** Reads `<trainDir>/metrics.json`. */
export function readMetrics(trainDir: string): Promise<Metrics> {
  return readStepJson<Metrics>(join(trainDir, "metrics.json"), "train");
}

/** The metrics proper: metrics.json's top-level numbers (its nested objects describe the run). */
export function numericMetrics(metrics: object): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === "number"));
}

/** The value of `metric` in a metrics file, or an error listing the metrics it has. */
export function metricValue(metrics: Metrics, metric: string, source: string): number {
  const value = metrics[metric];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const known = Object.keys(metrics).join(", ");
    throw new CliError(`${source} has no numeric '${metric}' (it has: ${known}); fix EVALUATION_METRIC`);
  }
  return value;
}
