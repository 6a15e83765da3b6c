import { access, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type LinearModel, modelFromJson, predict } from "../../training/index.js";
import { ModelFormatError } from "./errors.js";
import type { InputExample, SmokeExample } from "./examples.js";
import { type ColumnSpec, FILES, type MLmodel, TS_FLAVOR } from "./mlmodel.js";
import { parseMLmodel } from "./mlmodel-parse.js";
import { ONNX_OPSET } from "./onnx-linear.js";
import { readOnnxLinear } from "./onnx-read.js";

/** A validated model folder. */
export interface LoadedModel {
  /** The folder, absolute. */
  readonly dir: string;
  /** The TS flavor's model (model.json). */
  readonly model: LinearModel;
  readonly mlmodel: MLmodel;
  /** The signature's columns, parsed from MLmodel's JSON strings. */
  readonly signature: { readonly inputs: readonly ColumnSpec[]; readonly outputs: readonly ColumnSpec[] };
  readonly inputExample: InputExample;
  /** The smoke payload and the result the model must return for it. */
  readonly smoke: SmokeExample;
  /** Absolute path of the ONNX file (the onnx flavor's data). */
  readonly onnxPath: string;
}

/** Relative tolerance for the smoke result against the model's own prediction. */
const SMOKE_TOLERANCE = 1e-9;

/**
 * Reads and validates a model folder written by saveModel: MLmodel's fields, model.json, the signature against
 * the model's features, the input example, the smoke example against the model's predictions, model.onnx's
 * weights against model.json (bit for bit), and the env files' presence. Errors name the file and the field.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const root = resolve(dir);
  const mlmodelPath = join(root, FILES.mlmodel);
  const { mlmodel, inputs, outputs } = parseMLmodel(
    await readText(mlmodelPath, "not an MLflow model folder"),
    mlmodelPath,
  );
  const flavor = mlmodel.flavors[TS_FLAVOR];
  const modelPath = join(root, flavor.data);
  const modelText = await readText(modelPath);
  const model = wrap(() => modelFromJson(modelText, modelPath));
  const features = model.featureNames;
  const sameFeatures = (names: readonly string[]): boolean =>
    names.length === features.length && names.every((name, i) => name === features[i]);
  if (!sameFeatures(inputs.map((c) => c.name)))
    fail(
      mlmodelPath,
      "signature.inputs",
      `must list the model's features ${features.join(",")}`,
      inputs.map((c) => c.name),
    );

  const examplePath = join(root, mlmodel.saved_input_example_info.artifact_path);
  const example = await readJson<InputExample>(examplePath);
  if (!Array.isArray(example.columns) || !sameFeatures(example.columns))
    fail(examplePath, "columns", `must be the model's features ${features.join(",")}`, example.columns);
  checkRows(examplePath, "data", example.data, features.length);

  const smokePath = join(root, flavor.smoke_example);
  const smoke = await readJson<SmokeExample>(smokePath);
  checkRows(smokePath, "input.data", smoke.input?.data, features.length);
  const expected = Array.from(predict(model, smoke.input.data));
  const off = (value: unknown, i: number): boolean =>
    typeof value !== "number" ||
    Math.abs(value - expected[i]) > SMOKE_TOLERANCE * Math.max(Math.abs(expected[i]), 1e-3);
  if (!Array.isArray(smoke.result) || smoke.result.length !== expected.length || smoke.result.some(off))
    fail(smokePath, "result", `must be the predictions of ${modelPath}, ${JSON.stringify(expected)}`, smoke.result);

  const onnxPath = join(root, mlmodel.flavors.onnx.data);
  const onnxBytes = await readFile(onnxPath).catch((error) => missing(onnxPath, error));
  const onnx = wrap(() => readOnnxLinear(onnxBytes), onnxPath);
  if (onnx.opset < 1 || onnx.opset > ONNX_OPSET) fail(onnxPath, "opset_import", `must be 1..${ONNX_OPSET}`, onnx.opset);
  const sameBits =
    onnx.coefficients.length === features.length &&
    onnx.coefficients.every((c, i) => Object.is(c, model.coefficients[i]));
  if (!sameBits || !Object.is(onnx.intercept, model.intercept))
    fail(
      onnxPath,
      "initializers",
      `must hold model.json's coefficients and intercept (stale or foreign ONNX file)`,
      onnx.coefficients,
    );

  for (const env of [mlmodel.flavors.python_function.env.conda, mlmodel.flavors.python_function.env.virtualenv]) {
    await access(join(root, env)).catch((error) => missing(join(root, env), error));
  }
  return { dir: root, model, mlmodel, signature: { inputs, outputs }, inputExample: example, smoke, onnxPath };
}

function fail(file: string, field: string, rule: string, got: unknown): never {
  throw new ModelFormatError(`${file}: field ${field} ${rule}, got ${JSON.stringify(got)}`);
}

function checkRows(file: string, field: string, rows: unknown, width: number): void {
  const ok =
    Array.isArray(rows) &&
    rows.length > 0 &&
    rows.every(
      (row) =>
        Array.isArray(row) && row.length === width && row.every((v) => typeof v === "number" && Number.isFinite(v)),
    );
  if (!ok) fail(file, field, `must be a non-empty list of rows of ${width} finite numbers`, rows);
}

function missing(path: string, error: NodeJS.ErrnoException, hint = "the model folder is incomplete"): never {
  if (error.code === "ENOENT") throw new ModelFormatError(`${path}: missing (${hint}; re-run the training step)`);
  throw new ModelFormatError(`${path}: cannot read (${error.message})`);
}

async function readText(path: string, hint?: string): Promise<string> {
  return readFile(path, "utf8").catch((error) => missing(path, error, hint));
}

async function readJson<T>(path: string): Promise<T> {
  const text = await readText(path);
  try {
    const value = JSON.parse(text);
    if (typeof value !== "object" || value === null) throw new Error("not a JSON object");
    return value as T;
  } catch (error) {
    throw new ModelFormatError(`${path}: not a valid JSON object (${(error as Error).message})`);
  }
}

function wrap<T>(read: () => T, file?: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ModelFormatError) throw error;
    const message = (error as Error).message;
    throw new ModelFormatError(file ? `${file}: ${message}` : message);
  }
}
