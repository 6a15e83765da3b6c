import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type LinearModel, modelFromJson } from "../training/index.js";

/** The model file of the TS flavor inside an MLflow model folder. */
export const MODEL_FILE = "model.json";

/** Reads the model folder's TS-flavor data file (errors name the path and the fix). */
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
