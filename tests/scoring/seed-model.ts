// Test fixture: the seed-000 sample model (ridge alpha 0.5, random state 0) as a model folder, with the coefficients
// scikit-learn fitted (the sample's reference numbers), so the scoring tests do not depend on our trainer.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { frameFromRows } from "../../mlops/contract/index.js";
import { saveModel } from "../../mlops/model-format/index.js";
import { type LinearModel, model, SIGNATURE } from "../../training/index.js";

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
    featureNames: SIGNATURE.inputs.map((c) => c.name),
    target: "Y",
    coefficients: c.coef,
    intercept: c.intercept,
  };
}

/** intercept + Σ coef·x, written out independently of the code under test. */
export function expectedPrediction(m: LinearModel, row: readonly number[]): number {
  return row.reduce((sum, x, i) => sum + m.coefficients[i] * x, m.intercept);
}

/** A temp folder holding the seed-000 model folder (written by saveModel); `cleanup` removes it. */
export async function seedModelDir(): Promise<{ dir: string; model: LinearModel; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "mlops-seed-model-"));
  const dir = join(root, "model");
  const fitted = await seedModel();
  const { smoke_input } = await readExpected();
  await saveModel(dir, {
    definition: model,
    fitted,
    info: { kind: model.name, task: model.task, signature: SIGNATURE, hyperparameters: { alpha: 0.5 } },
    example: frameFromRows(smoke_input, SIGNATURE.inputs, "example"),
    runId: "seed-000",
  });
  return { dir, model: fitted, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Relative closeness for floating-point results. */
export function relClose(actual: number, expected: number, rel = 1e-9): boolean {
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(expected), Number.MIN_VALUE);
}
