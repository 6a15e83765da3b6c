// Test fixture: the seed-000 model (ridge alpha 0.5, random state 0) as a model folder, with the coefficients
// scikit-learn fitted (reference data), so scoring tests do not depend on our trainer.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { saveModel } from "../../mlops/model-format/index.js";
import type { LinearModel } from "../../training/types.js";

export const REFERENCE = join(import.meta.dirname, "../training/fixtures/reference");

interface Expected {
  readonly cases: readonly {
    alpha: number | null;
    random_state: number;
    model: string;
    coef: number[];
    intercept: number;
  }[];
  readonly smoke_input: number[][];
  readonly smoke_result: number[];
}

/** tests/training/fixtures/reference/expected.json (scikit-learn's seed-000 fit) */
export async function readExpected(): Promise<Expected> {
  return JSON.parse(await readFile(join(REFERENCE, "expected.json"), "utf8")) as Expected;
}

/** The seed-000 model as a LinearModel. */
export async function seedModel(): Promise<LinearModel> {
  const expected = await readExpected();
  const c = expected.cases.find((k) => k.model === "ridge" && k.alpha === 0.5 && k.random_state === 0);
  if (!c) throw new Error("expected.json has no ridge alpha 0.5 random_state 0 case");
  return {
    type: "ridge",
    alpha: 0.5,
    featureNames: ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"],
    target: "Y",
    coefficients: c.coef,
    intercept: c.intercept,
  };
}

/** intercept + Σ coef·x, written out independently of the code under test. */
export function expectedPrediction(model: LinearModel, row: readonly number[]): number {
  return row.reduce((sum, x, i) => sum + model.coefficients[i] * x, model.intercept);
}

/** A temp folder holding the seed-000 model folder (written by saveModel); `cleanup` removes it. */
export async function seedModelDir(): Promise<{ dir: string; model: LinearModel; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "mlops-seed-model-"));
  const dir = join(root, "model");
  const model = await seedModel();
  const { smoke_input } = await readExpected();
  await saveModel(dir, model, { runId: "seed-000", inputExample: smoke_input });
  return { dir, model, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Relative closeness for floating-point results. */
export function relClose(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
}
