import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The repository root and the sample's reference numbers (scikit-learn, numpy; see fixtures/reference/README.md). */
export const ROOT = join(import.meta.dirname, "..", "..");
export const REFERENCE = join(ROOT, "tests", "training", "fixtures", "reference");
export const DIABETES_CSV = join(ROOT, "data", "diabetes.csv");

/** numpy's numbers for the exactness tests (fixtures/numpy-reference.json, made by generate-numpy-reference.py). */
export interface NumpyReference {
  readonly numpy: string;
  readonly profile: { readonly mean: number[]; readonly std: number[] };
  readonly pairwise_sum: { readonly values: number[]; readonly lengths: number[]; readonly sums: number[] };
  readonly permutations: {
    readonly seeds: number[];
    readonly lengths: number[];
    readonly values: Record<string, number[]>;
  };
  readonly stream_5489: number[];
  readonly metrics: {
    readonly actual: number[];
    readonly predicted: number[];
    readonly mse: number;
    readonly mae: number;
    readonly r2: number;
  };
}

let numpyReference: NumpyReference | undefined;

/** The committed numpy reference numbers (read once per test file). */
export function numpy(): NumpyReference {
  numpyReference ??= readJson<NumpyReference>(join(ROOT, "tests", "training", "fixtures", "numpy-reference.json"));
  return numpyReference;
}

/** Parses a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** |actual − expected| / |expected| (absolute when expected is 0). */
export function relErr(actual: number, expected: number): number {
  const diff = Math.abs(actual - expected);
  return expected === 0 ? diff : diff / Math.abs(expected);
}
