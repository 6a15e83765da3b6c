import { parse } from "yaml";
import { type ColumnSpec, columnProblems, TASKS } from "../contract/index.js";
import { Problems } from "../errors/index.js";
import { ModelFormatError } from "./errors.js";
import { type MLmodel, TS_FLAVOR } from "./mlmodel.js";

type Check = (value: unknown) => string | undefined;

const text: Check = (v) => (typeof v === "string" && v.trim() !== "" ? undefined : "a non-empty string");
const fileName: Check = (v) =>
  typeof v === "string" && /^[\w.-]+$/.test(v) && !v.startsWith("..") ? undefined : "a file name in the folder";
const fileNames: Check = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((f) => fileName(f) === undefined) ? undefined : "a list of file names";
const exactly =
  (want: string): Check =>
  (v) =>
    v === want ? undefined : JSON.stringify(want);
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v as string) ? undefined : `one of ${values.join(", ")}`;
const matching =
  (pattern: RegExp, what: string): Check =>
  (v) =>
    typeof v === "string" && pattern.test(v) ? undefined : what;
const strings: Check = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string") ? undefined : "a list of strings";
const mapping: Check = (v) => (v !== null && typeof v === "object" && !Array.isArray(v) ? undefined : "a mapping");
const column: Check = (v) => (columnProblems([v as ColumnSpec], "").length === 0 ? undefined : "a {name, type} column");
const schema: Check = (v) => {
  if (typeof v !== "string") return "a JSON string (MLflow's column schema)";
  try {
    const cols: unknown = JSON.parse(v);
    return Array.isArray(cols) && cols.length > 0 && columnProblems(cols, "").length === 0
      ? undefined
      : 'a JSON list of {"name": ..., "type": double|long|string|boolean} columns';
  } catch {
    return "valid JSON";
  }
};

/** Every field loadModel relies on, with its rule. */
const RULES: readonly (readonly [string, Check])[] = [
  ["artifact_path", text],
  [`flavors.${TS_FLAVOR}.files`, fileNames],
  [`flavors.${TS_FLAVOR}.model_type`, text],
  [`flavors.${TS_FLAVOR}.task`, oneOf(TASKS)],
  [`flavors.${TS_FLAVOR}.target`, column],
  [`flavors.${TS_FLAVOR}.hyperparameters`, mapping],
  [`flavors.${TS_FLAVOR}.mlops_ts_version`, text],
  [`flavors.${TS_FLAVOR}.smoke_example`, fileName],
  ["mlflow_version", text],
  ["model_uuid", matching(/^[0-9a-f]{32}$/, "32 hex digits")],
  ["run_id", text],
  ["utc_time_created", matching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/, "'YYYY-MM-DD HH:MM:SS.ffffff'")],
  ["signature.inputs", schema],
  ["signature.outputs", schema],
  ["saved_input_example_info.artifact_path", fileName],
  ["saved_input_example_info.type", exactly("dataframe")],
  ["saved_input_example_info.pandas_orient", exactly("split")],
];

/** The onnx and python_function flavors' fields, checked when the folder has them. */
const ONNX_RULES: readonly (readonly [string, Check])[] = [
  ["flavors.onnx.data", fileName],
  ["flavors.onnx.onnx_version", text],
  ["flavors.onnx.providers", strings],
  ["flavors.python_function.loader_module", exactly("mlflow.onnx")],
  ["flavors.python_function.data", fileName],
  ["flavors.python_function.env.conda", fileName],
  ["flavors.python_function.env.virtualenv", fileName],
  ["flavors.python_function.python_version", text],
];

/** The MLmodel document, and its signature's columns parsed out of their JSON strings. */
export interface ParsedMLmodel {
  readonly mlmodel: MLmodel;
  readonly inputs: readonly ColumnSpec[];
  readonly outputs: readonly ColumnSpec[];
}

/** Parses and validates an MLmodel file's text; every problem names `file` and the field. */
export function parseMLmodel(source: string, file: string): ParsedMLmodel {
  let doc: unknown;
  try {
    doc = parse(source);
  } catch (error) {
    throw new ModelFormatError(`${file}: not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  if (typeof doc !== "object" || doc === null) throw new ModelFormatError(`${file}: must be a YAML mapping`);
  const flavors = (doc as { flavors?: Record<string, unknown> }).flavors ?? {};
  const hasOnnx = "onnx" in flavors || "python_function" in flavors;
  const problems = new Problems();
  for (const [path, check] of [...RULES, ...(hasOnnx ? ONNX_RULES : [])]) {
    const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    const want = check(value);
    if (want !== undefined) problems.add(`field ${path} must be ${want}, got ${JSON.stringify(value) ?? "nothing"}`);
  }
  problems.throwIfAny((message) => new ModelFormatError(`${file}: ${message}`));
  const mlmodel = doc as MLmodel;
  return {
    mlmodel,
    inputs: JSON.parse(mlmodel.signature.inputs),
    outputs: JSON.parse(mlmodel.signature.outputs),
  };
}
