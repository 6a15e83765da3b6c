import { access, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  checkPrediction,
  type Frame,
  frameFromRows,
  type ModelDefinition,
  type ModelInfo,
  ONNX_TOLERANCE,
  type Prediction,
  predictionJson,
} from "../contract/index.js";
import { ModelFormatError } from "./errors.js";
import type { InputExample, SmokeExample } from "./examples.js";
import { FILES, infoOf, type MLmodel, TS_FLAVOR } from "./mlmodel.js";
import { parseMLmodel } from "./mlmodel-parse.js";
import { onnxAgreement } from "./onnx-agreement.js";

/** A validated model folder and the fitted model read from it. */
export interface LoadedModel<F = unknown> {
  /** The folder, absolute. */
  readonly dir: string;
  readonly mlmodel: MLmodel;
  readonly info: ModelInfo;
  readonly fitted: F;
  readonly inputExample: InputExample;
  /** The smoke payload and the answer the model gives to it (checked against the model on load). */
  readonly smoke: SmokeExample;
  /** Absolute path of model.onnx when the folder has an ONNX flavor (checked against the model on load). */
  readonly onnxPath?: string;
}

/** Relative tolerance for the recorded smoke answer against the model's own prediction. */
const SMOKE_TOLERANCE = 1e-9;

/**
 * Reads and validates a model folder written by saveModel for `definition`: MLmodel's fields, the model kind, the
 * model's own files (its `load`), the input example against the signature, the smoke answer against the model's
 * prediction, and — when there is an ONNX flavor — onnxruntime's answers on the smoke rows against the TypeScript
 * model's, within the export's tolerance. Errors name the file and the field, or the largest difference.
 */
export async function loadModel<F>(dir: string, definition: ModelDefinition<F>): Promise<LoadedModel<F>> {
  const root = resolve(dir);
  const mlmodelPath = join(root, FILES.mlmodel);
  const { mlmodel, inputs } = parseMLmodel(await readText(mlmodelPath, "not an MLflow model folder"), mlmodelPath);
  const ts = mlmodel.flavors[TS_FLAVOR];
  if (ts.model_type !== definition.name) {
    throw new ModelFormatError(
      `${mlmodelPath}: the folder holds a ${ts.model_type} model, but this project's model is ${definition.name} ` +
        "(training/): load it with the project that trained it, or train it again",
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const name of ts.files)
    files.set(name, await readFile(join(root, name)).catch((e) => missing(join(root, name), e)));
  const fitted = wrap(() => definition.load(files), root);
  const info = infoOf(mlmodel, inputs);

  const examplePath = join(root, mlmodel.saved_input_example_info.artifact_path);
  const inputExample = await readJson<InputExample>(examplePath);
  const names = inputs.map((c) => c.name);
  if (!Array.isArray(inputExample.columns) || inputExample.columns.join("\u0000") !== names.join("\u0000"))
    fail(examplePath, "columns", `must be the signature's inputs ${names.join(",")}`, inputExample.columns);
  wrap(() => frameFromRows(inputExample.data, inputs, "data"), examplePath);

  const smokePath = join(root, ts.smoke_example);
  const smoke = await readJson<SmokeExample>(smokePath);
  const smokeColumns = smoke.input?.columns;
  if (
    smokeColumns !== undefined &&
    !(Array.isArray(smokeColumns) && smokeColumns.join("\u0000") === names.join("\u0000"))
  )
    fail(smokePath, "input.columns", `must be the signature's inputs ${names.join(",")}`, smokeColumns);
  const smokeFrame = wrap(() => frameFromRows(smoke.input?.data, inputs, "input.data"), smokePath);
  const prediction = wrap(
    () => checkPrediction(definition.predict(fitted, smokeFrame), smokeFrame.rows, info.task, "smoke rows"),
    root,
  );
  checkSmokeAnswer(smokePath, smoke, prediction, info);

  let onnxPath: string | undefined;
  if (mlmodel.flavors.onnx) {
    onnxPath = join(root, mlmodel.flavors.onnx.data);
    await checkOnnxFile(onnxPath, definition, smokeFrame, prediction);
    const env = mlmodel.flavors.python_function?.env;
    for (const file of env ? [env.conda, env.virtualenv] : []) {
      await access(join(root, file)).catch((error) => missing(join(root, file), error));
    }
  }
  // Folders written before smoke.json named its columns: they are the signature's inputs, in order.
  const named = { ...smoke, input: { columns: names, data: smoke.input.data } };
  return { dir: root, mlmodel, info, fitted, inputExample, smoke: named, ...(onnxPath ? { onnxPath } : {}) };
}

/** smoke.json's answer must be the model's own (labels exactly, numbers within SMOKE_TOLERANCE relative). */
function checkSmokeAnswer(path: string, smoke: SmokeExample, prediction: Prediction, info: ModelInfo): void {
  const want = predictionJson(prediction);
  const close = (a: unknown, b: number) =>
    typeof a === "number" && Math.abs(a - b) <= SMOKE_TOLERANCE * Math.max(Math.abs(b), 1e-3);
  const same = (got: unknown, expected: readonly unknown[] | undefined, numeric: boolean) =>
    expected === undefined ||
    (Array.isArray(got) &&
      got.length === expected.length &&
      got.every((g, i) => (numeric ? close(g, expected[i] as number) : g === expected[i])));
  if (!same(smoke.result, want.result, info.task === "regression"))
    fail(path, "result", `must be the model's answer to input.data, ${JSON.stringify(want.result)}`, smoke.result);
  if (want.probabilities) {
    const rows = smoke.probabilities;
    const ok =
      Array.isArray(rows) &&
      rows.length === want.probabilities.length &&
      rows.every((r, i) => same(r, want.probabilities?.[i], true));
    if (!ok) fail(path, "probabilities", "must be the model's class probabilities for input.data", rows);
    if (!same(smoke.classes, want.classes, false))
      fail(path, "classes", `must be ${JSON.stringify(want.classes)}`, smoke.classes);
    if (info.classes && !same(info.classes, want.classes, false))
      fail(
        path,
        "classes",
        `MLmodel's ${TS_FLAVOR}.classes must be the model's ${JSON.stringify(want.classes)}`,
        info.classes,
      );
  }
}

/** The ONNX flavor's promise: onnxruntime answers the smoke rows as the TypeScript model does. */
async function checkOnnxFile<F>(path: string, definition: ModelDefinition<F>, smoke: Frame, expected: Prediction) {
  const onnx = definition.onnx;
  if (!onnx)
    throw new ModelFormatError(
      `${path}: the folder has an ONNX flavor but model ${definition.name} declares no ONNX export`,
    );
  const bytes = await readFile(path).catch((error) => missing(path, error));
  const agreement = await onnxAgreement(onnx, bytes, smoke, expected).catch((error: Error) => {
    throw new ModelFormatError(`${path}: onnxruntime cannot run it (${error.message}); re-run the training step`);
  });
  if (!agreement.agrees) {
    const { relative, absolute } = onnx.tolerance ?? ONNX_TOLERANCE;
    throw new ModelFormatError(
      `${path}: its answers to the smoke rows differ from the model's TypeScript code beyond ${relative} relative + ` +
        `${absolute} absolute (${agreement.detail}): a stale or damaged ONNX file; re-run the training step`,
    );
  }
}

function fail(file: string, field: string, rule: string, got: unknown): never {
  throw new ModelFormatError(`${file}: field ${field} ${rule}, got ${JSON.stringify(got)?.slice(0, 200)}`);
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

function wrap<T>(read: () => T, where: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ModelFormatError) throw error;
    throw new ModelFormatError(`${where}: ${(error as Error).message}`);
  }
}
