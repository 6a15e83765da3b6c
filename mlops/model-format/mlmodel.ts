import { randomUUID } from "node:crypto";
import { stringify } from "yaml";
import pkg from "../../package.json" with { type: "json" };
import type { LinearModel } from "../../training/types.js";
import { PYTHON_ENV } from "./env-files.js";
import { ONNX_OUTPUT_NAME } from "./onnx-linear.js";

/** The files of the model folder. */
export const FILES = {
  mlmodel: "MLmodel",
  onnx: "model.onnx",
  modelJson: "model.json",
  inputExample: "input_example.json",
  smoke: "smoke.json",
  conda: "conda.yaml",
  pythonEnv: "python_env.yaml",
  requirements: "requirements.txt",
} as const;

/** This project's own flavor: the TS model in model.json, loadable without Python or onnxruntime. */
export const TS_FLAVOR = "mlops_ts";
/** The version of this template that wrote the folder (package.json's version). */
export const TS_FLAVOR_VERSION: string = pkg.version;

/** One column of an MLflow column-based schema (`signature.inputs` / `outputs` hold a JSON list of these). */
export interface ColumnSpec {
  readonly name: string;
  readonly type: "double";
}

/** The parsed `MLmodel` file (YAML), with MLflow's field names. */
export interface MLmodel {
  readonly artifact_path: string;
  readonly flavors: {
    readonly [TS_FLAVOR]: {
      readonly code: null;
      readonly data: string;
      readonly model_type: string;
      readonly mlops_ts_version: string;
      readonly smoke_example: string;
    };
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
  };
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

/** MLflow's schema JSON: `json.dumps` spacing, one double column per name. */
export function schemaJson(names: readonly string[]): string {
  return `[${names.map((name) => `{"name": ${JSON.stringify(name)}, "type": "double"}`).join(", ")}]`;
}

/** Builds the MLmodel document for a linear model (keys in the sorted order MLflow's yaml.safe_dump uses). */
export function buildMLmodel(
  model: LinearModel,
  info: { readonly runId: string; readonly modelName?: string; readonly buildId?: string; readonly now?: Date },
): MLmodel {
  const metadata = {
    ...(info.modelName === undefined ? {} : { model_name: info.modelName }),
    ...(info.buildId === undefined ? {} : { build_id: info.buildId }),
  };
  return {
    artifact_path: "model",
    flavors: {
      [TS_FLAVOR]: {
        code: null,
        data: FILES.modelJson,
        model_type: model.type,
        mlops_ts_version: TS_FLAVOR_VERSION,
        smoke_example: FILES.smoke,
      },
      onnx: { code: null, data: FILES.onnx, onnx_version: PYTHON_ENV.onnx, providers: ["CPUExecutionProvider"] },
      python_function: {
        data: FILES.onnx,
        env: { conda: FILES.conda, virtualenv: FILES.pythonEnv },
        loader_module: "mlflow.onnx",
        python_version: PYTHON_ENV.python,
      },
    },
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    mlflow_version: PYTHON_ENV.mlflow,
    model_uuid: randomUUID().replaceAll("-", ""),
    run_id: info.runId,
    saved_input_example_info: { artifact_path: FILES.inputExample, pandas_orient: "split", type: "dataframe" },
    signature: { inputs: schemaJson(model.featureNames), outputs: schemaJson([ONNX_OUTPUT_NAME]), params: null },
    utc_time_created: utcTimeCreated(info.now ?? new Date()),
  };
}

/**
 * The MLmodel file's text. MLflow reads it with PyYAML, a YAML 1.1 parser: writing as YAML 1.1 quotes every string
 * PyYAML would otherwise turn into something else (the timestamp into a datetime, an all-digit uuid into a number).
 */
export function mlmodelYaml(doc: MLmodel): string {
  return stringify(doc, { version: "1.1", singleQuote: true, lineWidth: 0 });
}

function utcTimeCreated(date: Date): string {
  // Python prints microseconds; a JS Date has milliseconds, so the last three digits are 0.
  return `${date.toISOString().replace("T", " ").replace("Z", "")}000`;
}
