import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { saveModel } from "../../../mlops/model-format/index.js";
import type { LinearModel } from "../../../training/index.js";

const model: LinearModel = {
  type: "ridge",
  alpha: 0.5,
  featureNames: ["AGE", "BMI"],
  target: "Y",
  coefficients: [10, 500],
  intercept: 150,
};

/** A temp root for one test file; `cleanup` removes it. */
export function tempRoot(prefix: string): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

let n = 0;

/** A train step output folder: a real MLflow model folder and metrics.json with the given metrics. */
export async function trainOutput(root: string, metrics: Record<string, number>): Promise<string> {
  const dir = join(root, `train-${n++}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics));
  await saveModel(join(dir, "model"), model, { runId: `run-${n}`, inputExample: [[0.01, 0.02]] });
  return dir;
}
