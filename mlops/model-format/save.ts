import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  checkPrediction,
  type Frame,
  frameFromRows,
  isClassPrediction,
  type ModelDefinition,
  type ModelInfo,
  type Prediction,
  predictionJson,
  rowOf,
} from "../contract/index.js";
import { writeDirAtomic } from "../fs/index.js";
import { condaYaml, pythonEnvYaml, requirementsTxt } from "./env-files.js";
import { ModelFormatError } from "./errors.js";
import { type InputExample, type SmokeExample, smokeRowsFor } from "./examples.js";
import { buildMLmodel, FILES, type MLmodel, mlmodelYaml } from "./mlmodel.js";
import { onnxAgreement } from "./onnx-agreement.js";

/** What a model folder is written from. */
export interface SaveModelOptions<F> {
  readonly definition: ModelDefinition<F>;
  readonly fitted: F;
  /** The model's facts (kind, task, signature of the fitted inputs, hyperparameter values); classes are added. */
  readonly info: Omit<ModelInfo, "classes">;
  /** A few rows of the fitted inputs (input_example.json). */
  readonly example: Frame;
  /** The training run that produced the model (MLmodel `run_id`). */
  readonly runId: string;
  readonly modelName?: string;
  readonly buildId?: string;
}

/** What was written. */
export interface SavedModel {
  readonly mlmodel: MLmodel;
  readonly smoke: SmokeExample;
  /** The ONNX export's check, when the model offers one. */
  readonly onnx?: { readonly maxDifference: number };
}

/**
 * Writes `dir` as an MLflow model folder: MLmodel (the TS flavor, plus onnx + python_function when the model offers
 * an ONNX export), the model's own files, input_example.json, smoke.json (the smoke rows and the model's answer) and,
 * with ONNX, model.onnx and the Python env files. An ONNX export whose answers on the smoke rows differ from the
 * TypeScript model's beyond its tolerance is refused before anything is written. `dir` must not exist or be empty;
 * it appears whole or not at all.
 */
export async function saveModel<F>(dir: string, options: SaveModelOptions<F>): Promise<SavedModel> {
  const { definition, fitted, info } = options;
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  if (entries.length > 0)
    throw new ModelFormatError(
      `model folder ${dir} is not empty (${entries.slice(0, 3).join(", ")}…): pass a new folder`,
    );
  if (options.runId.trim() === "") throw new ModelFormatError("cannot save the model: runId is empty");
  const inputs = info.signature.inputs;
  const example: InputExample = {
    columns: inputs.map((c) => c.name),
    data: Array.from({ length: Math.min(options.example.rows, 5) }, (_, r) => rowOf(options.example, r)),
  };
  if (example.data.length === 0) throw new ModelFormatError("cannot save the model: the input example has no rows");
  const smokeFrame = frameFromRows(smokeRowsFor(definition, inputs, example), inputs, "smoke rows");
  const prediction = checkPrediction(definition.predict(fitted, smokeFrame), smokeFrame.rows, info.task, "smoke rows");
  const smoke: SmokeExample = {
    input: { columns: inputs.map((c) => c.name), data: rowsOf(smokeFrame) },
    ...predictionJson(prediction),
  };
  const own = definition.save(fitted);
  const clash = Object.keys(own).find(
    (name) => (Object.values(FILES) as string[]).includes(name) || !/^[\w.-]+$/.test(name),
  );
  if (clash !== undefined)
    throw new ModelFormatError(
      `cannot save the model: its file name ${clash} is taken by the folder or not a plain name`,
    );
  const files: Record<string, string | Uint8Array> = { ...own };
  let onnx: SavedModel["onnx"];
  if (definition.onnx) {
    const bytes = definition.onnx.export(fitted, inputs);
    onnx = await checkedOnnx(definition, bytes, smokeFrame, prediction);
    Object.assign(files, {
      [FILES.onnx]: bytes,
      [FILES.conda]: condaYaml(),
      [FILES.pythonEnv]: pythonEnvYaml(),
      [FILES.requirements]: requirementsTxt(),
    });
  }
  const mlmodel = buildMLmodel({
    info: { ...info, ...(isClassPrediction(prediction) ? { classes: [...prediction.classes] } : {}) },
    files: Object.keys(own),
    ...(definition.onnx ? { onnxOutput: definition.onnx.output } : {}),
    runId: options.runId,
    ...(options.modelName === undefined ? {} : { modelName: options.modelName }),
    ...(options.buildId === undefined ? {} : { buildId: options.buildId }),
  });
  files[FILES.inputExample] = `${JSON.stringify(example)}\n`;
  files[FILES.smoke] = `${JSON.stringify(smoke)}\n`;
  files[FILES.mlmodel] = mlmodelYaml(mlmodel);
  await writeDirAtomic(dir, async (tmp) => {
    for (const [name, data] of Object.entries(files)) await writeFile(join(tmp, name), data);
  });
  return { mlmodel, smoke, ...(onnx ? { onnx } : {}) };
}

function rowsOf(frame: Frame) {
  return Array.from({ length: frame.rows }, (_, r) => rowOf(frame, r));
}

/** Runs the export on the smoke rows; refuses it when its answers are not the TypeScript model's. */
async function checkedOnnx<F>(
  definition: ModelDefinition<F>,
  bytes: Uint8Array,
  smoke: Frame,
  expected: Prediction,
): Promise<{ maxDifference: number }> {
  const onnx = definition.onnx as NonNullable<ModelDefinition<F>["onnx"]>;
  const agreement = await onnxAgreement(onnx, bytes, smoke, expected).catch((error: Error) => {
    throw new ModelFormatError(`cannot save the model: onnxruntime cannot run its ONNX export (${error.message})`);
  });
  if (!agreement.agrees) {
    throw new ModelFormatError(
      `cannot save the model: its ONNX export answers the smoke rows differently from its TypeScript code ` +
        `(${agreement.detail}); fix the export or drop the model's onnx capability`,
    );
  }
  return { maxDifference: agreement.maxDifference };
}
