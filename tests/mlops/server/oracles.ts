// Oracles for the machinery's fixture models, written out from the model folder's own files (weights.json,
// centroids.json) and independent of the code under test: the server, the batch scorer and the smoke test must
// answer what these compute.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The regression fixture (least squares on x1, x2, x3) as its weights.json says. */
export interface LinearOracle {
  readonly inputs: readonly string[];
  readonly weights: readonly number[];
  readonly bias: number;
  /** bias + Σ w·x */
  predict(row: readonly number[]): number;
  /** True when `actual` is bias + Σ w·x within 1e-12 of the terms' size (summation order may differ in the last bits). */
  close(actual: number, row: readonly number[]): boolean;
}

export async function linearOracle(modelDir: string): Promise<LinearOracle> {
  const file = JSON.parse(await readFile(join(modelDir, "weights.json"), "utf8")) as {
    inputs: string[];
    weights: number[];
    bias: number;
  };
  const { inputs, weights, bias } = file;
  if (weights.length !== inputs.length || !Number.isFinite(bias)) throw new Error(`${modelDir}: odd weights.json`);
  const predict = (row: readonly number[]) => row.reduce((sum, x, j) => sum + weights[j] * x, bias);
  return {
    inputs,
    weights,
    bias,
    predict,
    close(actual, row) {
      const scale = row.reduce((s, x, j) => s + Math.abs(weights[j] * x), Math.abs(bias));
      return Math.abs(actual - predict(row)) <= 1e-12 * scale;
    },
  };
}

/** What the multiclass fixture must answer for one row. */
export interface ClassAnswer {
  readonly label: string;
  readonly probabilities: readonly number[];
}

/** The multiclass fixture (nearest centroid over size, weight and a one-hot colour) as its centroids.json says. */
export interface CentroidOracle {
  readonly classes: readonly string[];
  readonly colors: readonly string[];
  /** The answer for [size, weight, color]; undefined for a colour the model never saw. */
  predict(row: readonly [number, number, string]): ClassAnswer | undefined;
}

export async function centroidOracle(modelDir: string): Promise<CentroidOracle> {
  const file = JSON.parse(await readFile(join(modelDir, "centroids.json"), "utf8")) as {
    classes: string[];
    colors: string[];
    centroids: number[][];
    temperature: number;
  };
  const { classes, colors, centroids, temperature } = file;
  return {
    classes,
    colors,
    predict([size, weight, color]) {
      if (!colors.includes(color)) return undefined;
      const point = [size, weight, ...colors.map((c) => (c === color ? 1 : 0))];
      const scores = centroids.map((c) => -c.reduce((s, v, j) => s + (v - point[j]) ** 2, 0) / temperature);
      // softmax, shifted by the largest score so nothing overflows
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const total = e.reduce((a, b) => a + b, 0);
      const probabilities = e.map((v) => v / total);
      return { label: classes[probabilities.indexOf(Math.max(...probabilities))], probabilities };
    },
  };
}

/** Relative closeness for floating-point results. */
export function relClose(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
}

/** Probabilities equal within `abs` each (tiny ones such as 1e-195 may differ in their last bits relatively). */
export function probabilitiesClose(actual: readonly number[], expected: readonly number[], abs = 1e-12): boolean {
  return actual.length === expected.length && actual.every((p, i) => Math.abs(p - expected[i]) <= abs);
}
