import { SCHEMA, type Variables, variablesAsText } from "../../config/index.js";
import { knobName } from "../../contract/index.js";
import { projectModel } from "../../project/index.js";
import { VALIDATION_SIZE_INPUT } from "./sweep.js";

/** The pipeline's step names, in order; `evaluate` is left out when RUN_EVALUATION is false. */
export type StepName = "prep_data" | "train" | "evaluate" | "register";

/** One data port of a step: a folder another step writes, or (no `from`) the pipeline input of the same name. */
interface Port {
  readonly name: string;
  /** `<step>.<output>` this input is wired to; absent: the pipeline's own input `name`. */
  readonly from?: string;
  /** Default `uri_folder`. */
  readonly type?: "uri_file" | "uri_folder";
}

/** A command step: its bundle and its folder inputs/outputs (the parameters are added to every step). */
export interface StepDef {
  readonly name: StepName;
  /** The bundled entry, relative to the code asset root. */
  readonly entry: string;
  readonly inputs: readonly Port[];
  readonly outputs: readonly string[];
  /** Flags from the run context (workspace, job name...), bound to pipeline inputs of the same name. */
  readonly contextInputs: readonly ContextInput[];
  /** Extra command-line arguments: `--flag` → port name. */
  readonly args: Readonly<Record<string, string>>;
  /** Optional flags taking an optional string input of the same component: `--flag` → input name. */
  readonly options?: Readonly<Record<string, string>>;
}

/** Per-submission values every job gets as pipeline inputs (not template variables). */
export type ContextInput =
  | "MLOPS_WORKSPACE"
  | "MLOPS_PIPELINE_JOB"
  | "MLOPS_MODEL_URI"
  | "MLOPS_BUILD_ID"
  | "MLOPS_BUILD_URI"
  | "MLOPS_DATA_ASSET";

/**
 * Template variables that are run parameters (the cluster knobs are infrastructure, not parameters), then the
 * model's hyperparameters (TRAIN_<NAME>): each an optional string input of every component.
 */
export const PARAMETERS: readonly string[] = [
  ...Object.keys(SCHEMA).filter(
    (name) => !name.startsWith("AML_") && name !== "TRAINING_PIPELINE_NAME" && name !== "DATASET_NAME",
  ),
  ...Object.keys(projectModel.hyperparameters).map(knobName),
];

/** The pipeline input holding the training data: the DATASET_NAME data asset (`uri_file`), read by prep_data. */
export const DATA_INPUT = "training_data";

/** The pipeline output that holds the trained model folder, with a per-job path so it can be registered. */
export const MODEL_OUTPUT = "trained_model";

/**
 * The register step's output a sweep binds to the pipeline's model output: the best trial's folder is copied there,
 * since the trials cannot all write to the one per-job path (each trial has its own outputs).
 */
export const MODEL_COPY_OUTPUT = "model_copy";

/**
 * prep_data → train → [evaluate] → register, as the variables say. The train component also takes
 * `--validation-size` (an optional input): a sweep's trials set it, a single train leaves it out. With `sweep`, the
 * register step copies the model it registers to the pipeline's model output.
 */
export function pipelineSteps(runEvaluation: boolean, sweep = false): StepDef[] {
  const steps: StepDef[] = [
    {
      name: "prep_data",
      entry: "steps/prep-data.mjs",
      inputs: [{ name: DATA_INPUT, type: "uri_file" }],
      outputs: ["prepared"],
      contextInputs: [],
      args: { "--data": DATA_INPUT, "--output-dir": "prepared" },
    },
    {
      name: "train",
      entry: "steps/train.mjs",
      inputs: [{ name: "prepared", from: "prep_data.prepared" }],
      outputs: ["trained"],
      contextInputs: ["MLOPS_BUILD_ID"],
      args: { "--prep-dir": "prepared", "--output-dir": "trained" },
      options: { "--validation-size": VALIDATION_SIZE_INPUT },
    },
  ];
  if (runEvaluation) {
    steps.push({
      name: "evaluate",
      entry: "steps/evaluate.mjs",
      inputs: [{ name: "trained", from: "train.trained" }],
      outputs: ["evaluation"],
      contextInputs: ["MLOPS_WORKSPACE"],
      args: { "--train-dir": "trained", "--output-dir": "evaluation" },
    });
  }
  steps.push({
    name: "register",
    entry: "steps/register.mjs",
    inputs: [
      { name: "trained", from: "train.trained" },
      ...(runEvaluation ? [{ name: "evaluation", from: "evaluate.evaluation" }] : []),
    ],
    outputs: ["registration", ...(sweep ? [MODEL_COPY_OUTPUT] : [])],
    contextInputs: Object.keys(CONTEXT_FLAGS) as ContextInput[], // all of them
    args: {
      "--train-dir": "trained",
      ...(runEvaluation ? { "--verdict-dir": "evaluation" } : {}),
      "--output-dir": "registration",
      ...(sweep ? { "--model-copy-dir": MODEL_COPY_OUTPUT } : {}),
    },
  });
  return steps;
}

const CONTEXT_FLAGS: Readonly<Record<ContextInput, string>> = {
  MLOPS_WORKSPACE: "--workspace",
  MLOPS_PIPELINE_JOB: "--pipeline-job",
  MLOPS_MODEL_URI: "--model-uri",
  MLOPS_BUILD_ID: "--build-id",
  MLOPS_BUILD_URI: "--build-uri",
  MLOPS_DATA_ASSET: "--data-asset",
};

/**
 * The step's command line. Parameters are optional inputs (`$[[...]]`: left out when empty, so the step falls back
 * to the variables template bundled with it); folders are the mounted inputs/outputs.
 */
export function commandFor(step: StepDef): string {
  const parts = [`node ${step.entry}`];
  for (const name of PARAMETERS) parts.push(`$[[--set ${name}=\${{inputs.${name}}}]]`);
  for (const [flag, port] of Object.entries(step.args)) {
    const isOutput = step.outputs.includes(port);
    parts.push(`${flag} \${{${isOutput ? "outputs" : "inputs"}.${port}}}`);
  }
  for (const [flag, input] of Object.entries(step.options ?? {})) parts.push(`$[[${flag} \${{inputs.${input}}}]]`);
  for (const input of step.contextInputs) parts.push(`$[[${CONTEXT_FLAGS[input]} \${{inputs.${input}}}]]`);
  return parts.join(" ");
}

/** The run's parameter values as text; empty ones are left out (a literal job input cannot be empty). */
export function parameterValues(variables: Variables): Record<string, string> {
  const text = variablesAsText(variables);
  const out: Record<string, string> = {};
  for (const name of PARAMETERS) if (text[name] !== undefined && text[name] !== "") out[name] = text[name];
  return out;
}
