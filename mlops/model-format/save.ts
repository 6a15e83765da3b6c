import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type LinearModel, modelToJson, predict } from "../../training/index.js";
import { Problems } from "../errors/index.js";
import { writeDirAtomic } from "../fs/index.js";
import { condaYaml, pythonEnvYaml, requirementsTxt } from "./env-files.js";
import { ModelFormatError } from "./errors.js";
import { type InputExample, type SmokeExample, smokeRows } from "./examples.js";
import { buildMLmodel, FILES, mlmodelYaml, TS_FLAVOR_VERSION } from "./mlmodel.js";
import { linearModelToOnnx } from "./onnx-linear.js";

/** What the MLmodel file and the examples record besides the model itself. */
export interface SaveModelOptions {
  /** The training run that produced the model (MLmodel `run_id`). */
  readonly runId: string;
  /** Rows of feature values in the model's feature order (input_example.json; a few rows suffice). */
  readonly inputExample: readonly (readonly number[])[];
  readonly modelName?: string;
  readonly buildId?: string;
}

/**
 * Writes `dir` as an MLflow model folder: MLmodel (onnx + python_function + mlops_ts flavors, signature, input
 * example info), model.onnx (double precision), model.json, input_example.json, smoke.json and the Python env
 * files. `dir` must not exist or be empty. The folder appears whole or not at all (written to a temp sibling,
 * then renamed).
 */
export async function saveModel(dir: string, model: LinearModel, options: SaveModelOptions): Promise<void> {
  checkInputs(model, options);
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0)
    throw new ModelFormatError(
      `model folder ${dir} is not empty (${entries.slice(0, 3).join(", ")}…): pass a new folder`,
    );

  const example: InputExample = { columns: [...model.featureNames], data: options.inputExample.map((r) => [...r]) };
  const rows = smokeRows(model, example);
  const smoke: SmokeExample = { input: { data: rows }, result: Array.from(predict(model, rows)) };
  const mlmodel = buildMLmodel(model, options);
  const onnx = linearModelToOnnx(model, TS_FLAVOR_VERSION, {
    feature_names: model.featureNames.join(","),
    target: model.target,
    run_id: options.runId,
  });
  const files: Record<string, string | Uint8Array> = {
    [FILES.onnx]: onnx,
    [FILES.modelJson]: modelToJson(model),
    [FILES.inputExample]: `${JSON.stringify(example)}\n`,
    [FILES.smoke]: `${JSON.stringify(smoke)}\n`,
    [FILES.conda]: condaYaml(),
    [FILES.pythonEnv]: pythonEnvYaml(),
    [FILES.requirements]: requirementsTxt(),
    [FILES.mlmodel]: mlmodelYaml(mlmodel),
  };
  await writeDirAtomic(dir, async (tmp) => {
    for (const [name, data] of Object.entries(files)) await writeFile(join(tmp, name), data);
  });
}

function checkInputs(model: LinearModel, options: SaveModelOptions): void {
  const problems = new Problems();
  const n = model.featureNames.length;
  if (n === 0) problems.add("the model has no features");
  if (model.coefficients.length !== n)
    problems.add(`the model has ${model.coefficients.length} coefficients for ${n} features`);
  if (![...model.coefficients, model.intercept].every(Number.isFinite))
    problems.add("the model's coefficients and intercept must be finite numbers");
  if (options.runId.trim() === "") problems.add("runId is empty: pass the training run's id");
  if (options.inputExample.length === 0) problems.add("inputExample has no rows: pass a few rows of training data");
  options.inputExample.forEach((row, i) => {
    if (row.length !== n || !row.every(Number.isFinite))
      problems.add(
        `inputExample row ${i} must hold ${n} finite numbers (${model.featureNames.join(",")}), got ${JSON.stringify(row)}`,
      );
  });
  problems.throwIfAny((message) => new ModelFormatError(`cannot save the model: ${message}`));
}
