import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root and the sample's reference numbers (scikit-learn, numpy; see fixtures/reference/README.md). */
export const ROOT = join(import.meta.dirname, "..", "..");
export const REFERENCE = join(ROOT, "tests", "training", "fixtures", "reference");
export const DIABETES_CSV = join(ROOT, "data", "diabetes.csv");

/** Parses a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** |actual − expected| / |expected| (absolute when expected is 0). */
export function relErr(actual: number, expected: number): number {
  const diff = Math.abs(actual - expected);
  return expected === 0 ? diff : diff / Math.abs(expected);
}
