import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { LinearModel } from "../training/types.js";

// TEMPORARY until training/index.ts exports modelFromJson and predict (issue #2): then these two go.
export function modelFromJson(text: string, source: string): LinearModel {
  const value = JSON.parse(text) as LinearModel;
  if (!Array.isArray(value.featureNames) || !Array.isArray(value.coefficients)) {
    throw new Error(`${source}: not a linear model (featureNames and coefficients are required)`);
  }
  return value;
}

export function predict(model: LinearModel, rows: readonly (readonly number[])[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let sum = 0;
    for (let j = 0; j < model.coefficients.length; j++) sum += model.coefficients[j] * rows[i][j];
    out[i] = sum + model.intercept;
  }
  return out;
}

/** The model file of the TS flavor inside an MLflow model folder. */
export const MODEL_FILE = "model.json";

/** Reads the model folder's TS-flavor data file. */
export async function loadModelFile(modelDir: string): Promise<LinearModel> {
  const path = join(modelDir, MODEL_FILE);
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === "ENOENT"
        ? `${path} not found: pass an MLflow model folder written by 'mlops train' (it holds ${MODEL_FILE})`
        : `cannot read ${path}: ${error.message}`,
    );
  });
  return modelFromJson(text, path);
}
