import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LinearModel } from "../../../training/types.js";

/** The sample's scikit-learn reference numbers (tests/training/fixtures/reference). */
export const REFERENCE = join(import.meta.dirname, "../../training/fixtures/reference");
export const FEATURES = ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"];

interface Case {
  readonly alpha: number | null;
  readonly features: number[] | null;
  readonly intercept: number;
  readonly coef: number[];
}
export interface Expected {
  readonly cases: Case[];
  readonly smoke_input: number[][];
  readonly smoke_result: number[];
}

export async function expected(): Promise<Expected> {
  return JSON.parse(await readFile(join(REFERENCE, "expected.json"), "utf8"));
}

/** The scikit-learn model of one reference case, as a LinearModel. */
export function modelOf(c: Case): LinearModel {
  const featureNames = c.features ? c.features.map((i) => FEATURES[i]) : FEATURES;
  return {
    type: "ridge",
    alpha: c.alpha ?? 0,
    featureNames,
    target: "Y",
    coefficients: c.coef,
    intercept: c.intercept,
  };
}

/** The reference data's feature rows (all 442), restricted to `features`. */
export async function dataRows(features: readonly string[] = FEATURES): Promise<number[][]> {
  const [header, ...lines] = (await readFile(join(import.meta.dirname, "../../../data/diabetes.csv"), "utf8"))
    .trim()
    .split("\n");
  const columns = header.split(",").map((c) => c.trim());
  const index = features.map((f) => columns.indexOf(f));
  return lines.map((line) => {
    const cells = line.split(",").map(Number);
    return index.map((i) => cells[i]);
  });
}

/** A fresh temp folder; remove it with the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "mlops-model-format-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The largest |a − b| / |b| over the elements (Infinity if the lengths differ). */
export function maxRelativeError(actual: ArrayLike<number>, want: ArrayLike<number>): number {
  if (actual.length !== want.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(actual[i] - want[i]) / Math.abs(want[i]));
  return worst;
}
