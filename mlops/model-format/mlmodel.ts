import { randomUUID } from "node:crypto";
import { stringify } from "yaml";
import pkg from "../../package.json" with { type: "json" };
import type { ColumnSpec, Label, ModelInfo, Params } from "../contract/index.js";
import { PYTHON_ENV } from "./env-files.js";

/** The machinery's files of the model folder (the model's own files sit beside them). */
export const FILES = {
  mlmodel: "MLmodel",
  onnx: "model.onnx",
  inputExample: "input_example.json",
  smoke: "smoke.json",
  conda: "conda.yaml",
  pythonEnv: "python_env.yaml",
  requirements: "requirements.txt",
} as const;

/** This project's own flavor: the model's files, read back by its TypeScript code (no Python, no onnxruntime). */
export const TS_FLAVOR = "mlops_ts";
/** The version of this template that wrote the folder (package.json's version). */
export const TS_FLAVOR_VERSION: string = pkg.version;

/** The TS flavor's configuration in MLmodel. */
export interface TsFlavor {
  readonly code: null;
  /** The model's own files (its `save`), beside MLmodel. */
  readonly files: readonly string[];
  readonly model_type: string;
  readonly task: ModelInfo["task"];
  /** The target column the model predicts (MLflow's signature has no place for it when outputs name ONNX's). */
  readonly target: ColumnSpec;
  readonly hyperparameters: Params;
  /** A classifier's classes, in the order of its probabilities. */
  readonly classes?: readonly Label[];
  readonly mlops_ts_version: string;
  readonly smoke_example: string;
}

/** The onnx and python_function flavors, present when the model offers an ONNX export. */
export interface OnnxFlavors {
  readonly onnx: {
    readonly code: null;
    readonly data: string;
    readonly onnx_version: string;
    readonly providers: readonly string[];
  };
  readonly python_function: {
    readonly data: string;
    readonly env: { readonly conda: string; readonly virtualenv: string };
    readonly loader_module: "mlflow.onnx";
    readonly python_version: string;
  };
}

/** The parsed `MLmodel` file (YAML), with MLflow's field names. */
export interface MLmodel {
  readonly artifact_path: string;
  readonly flavors: { readonly [TS_FLAVOR]: TsFlavor } & Partial<OnnxFlavors>;
  /** Optional context (model name, build id), MLflow's free-form `metadata`. */
  readonly metadata?: { readonly model_name?: string; readonly build_id?: string };
  readonly mlflow_version: string;
  readonly model_uuid: string;
  readonly run_id: string;
  readonly saved_input_example_info: {
    readonly artifact_path: string;
    readonly pandas_orient: "split";
    readonly type: "dataframe";
  };
  /** JSON strings, as MLflow writes them. */
  readonly signature: { readonly inputs: string; readonly outputs: string; readonly params: null };
  /** `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, Python's `str(datetime.utcnow())`. */
  readonly utc_time_created: string;
}

/** MLflow's schema JSON: `json.dumps` spacing. */
export function schemaJson(columns: readonly ColumnSpec[]): string {
  return `[${columns.map((c) => `{"name": ${JSON.stringify(c.name)}, "type": "${c.type}"}`).join(", ")}]`;
}

/** What the MLmodel file records besides the model's declarations. */
export interface MLmodelInput {
  readonly info: ModelInfo;
  /** The model's own file names. */
  readonly files: readonly string[];
  /** The ONNX export's output name, when the model offers one. */
  readonly onnxOutput?: string;
  readonly runId: string;
  readonly modelName?: string;
  readonly buildId?: string;
  readonly now?: Date;
}

/** Builds the MLmodel document (keys in the sorted order MLflow's yaml.safe_dump uses). */
export function buildMLmodel(input: MLmodelInput): MLmodel {
  const { info } = input;
  const metadata = {
    ...(input.modelName === undefined ? {} : { model_name: input.modelName }),
    ...(input.buildId === undefined ? {} : { build_id: input.buildId }),
  };
  const ts: TsFlavor = {
    code: null,
    files: [...input.files],
    model_type: info.kind,
    task: info.task,
    target: { ...info.signature.target },
    hyperparameters: { ...info.hyperparameters },
    ...(info.classes ? { classes: [...info.classes] } : {}),
    mlops_ts_version: TS_FLAVOR_VERSION,
    smoke_example: FILES.smoke,
  };
  const onnx: OnnxFlavors | undefined = input.onnxOutput
    ? {
        onnx: { code: null, data: FILES.onnx, onnx_version: PYTHON_ENV.onnx, providers: ["CPUExecutionProvider"] },
        python_function: {
          data: FILES.onnx,
          env: { conda: FILES.conda, virtualenv: FILES.pythonEnv },
          loader_module: "mlflow.onnx",
          python_version: PYTHON_ENV.python,
        },
      }
    : undefined;
  // The signature describes what the folder's pyfunc answers: the ONNX output when there is one, else the target.
  const outputs = input.onnxOutput ? [{ name: input.onnxOutput, type: "double" as const }] : [info.signature.target];
  return {
    artifact_path: "model",
    flavors: { [TS_FLAVOR]: ts, ...(onnx ?? {}) },
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    mlflow_version: PYTHON_ENV.mlflow,
    model_uuid: randomUUID().replaceAll("-", ""),
    run_id: input.runId,
    saved_input_example_info: { artifact_path: FILES.inputExample, pandas_orient: "split", type: "dataframe" },
    signature: { inputs: schemaJson(info.signature.inputs), outputs: schemaJson(outputs), params: null },
    utc_time_created: utcTimeCreated(input.now ?? new Date()),
  };
}

/**
 * The MLmodel file's text. MLflow reads it with PyYAML, a YAML 1.1 parser: writing as YAML 1.1 quotes every string
 * PyYAML would otherwise turn into something else (the timestamp into a datetime, an all-digit uuid into a number).
 */
export function mlmodelYaml(doc: MLmodel): string {
  return stringify(doc, { version: "1.1", singleQuote: true, lineWidth: 0 });
}

/** The model facts an MLmodel file records (its TS flavor and signature inputs). */
export function infoOf(doc: MLmodel, inputs: readonly ColumnSpec[]): ModelInfo {
  const ts = doc.flavors[TS_FLAVOR];
  return {
    kind: ts.model_type,
    task: ts.task,
    signature: { inputs, target: ts.target },
    hyperparameters: ts.hyperparameters ?? {},
    ...(ts.classes ? { classes: ts.classes } : {}),
  };
}

function utcTimeCreated(date: Date): string {
  // Python prints microseconds; a JS Date has milliseconds, so the last three digits are 0.
  return `${date.toISOString().replace("T", " ").replace("Z", "")}000`;
}
