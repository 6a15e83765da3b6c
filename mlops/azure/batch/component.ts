import { sha256 } from "../../fs/index.js";
import { componentName } from "../pipeline/components.js";

// biome-ignore lint/suspicious/noExplicitAny: component specs are Azure ML YAML-schema documents (free-form in ARM).
type Spec = Record<string, any>;

/** The pipeline component's data input: the folder (or file) the invocation names. */
export const BATCH_INPUT = "input_data";
/** The pipeline component's output: the folder the predictions are written to (the invocation's output path). */
export const BATCH_OUTPUT = "predictions";
/** The score step's model input (bound to the registered model inside the pipeline component). */
const MODEL_INPUT = "model";
/** The bundled scoring step, relative to the code asset root (mlops/bundle/entries/score.ts). */
export const SCORE_ENTRY = "steps/score.mjs";

/**
 * The command component of the scoring step (YAML-schema form, as the train pipeline's steps): the bundled
 * `steps/score.mjs` on the mounted model, the input folder and the output folder; version = content hash.
 * Not deterministic: a reused earlier run would leave this invocation's output path empty.
 */
export function scoreComponentSpec(codeId: string, environmentId: string): Spec {
  const body: Spec = {
    $schema: "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
    name: componentName("mlops_score"),
    display_name: "score",
    type: "command",
    code: `azureml:${codeId}`,
    environment: `azureml:${environmentId}`,
    command:
      `node ${SCORE_ENTRY} --model \${{inputs.${MODEL_INPUT}}} --input \${{inputs.${BATCH_INPUT}}} ` +
      `--output-dir \${{outputs.${BATCH_OUTPUT}}}`,
    is_deterministic: false,
    inputs: { [MODEL_INPUT]: { type: "mlflow_model" }, [BATCH_INPUT]: { type: "uri_folder" } },
    outputs: { [BATCH_OUTPUT]: { type: "uri_folder" } },
  };
  return { ...body, version: sha256(JSON.stringify(body)).slice(0, 16) };
}

/**
 * The pipeline component a batch deployment runs: one `score` node whose model input is the registered model
 * (bound here, as Azure's "batch scoring with preprocessing" example binds its model inside the pipeline, so the
 * invocation names only data), its folder input and output wired to the pipeline's. Versioned by content hash:
 * another model or another score step is another version. Node inputs take azure-ai-ml's REST form
 * (`job_input_type`, `uri` = the asset's ARM id, `mode`), as the train pipeline's nodes do.
 */
export function batchPipelineSpec(scoreComponentId: string, modelId: string): Spec {
  const score = {
    type: "command",
    name: "score",
    display_name: "score",
    componentId: scoreComponentId,
    inputs: {
      [BATCH_INPUT]: { job_input_type: "literal", value: `\${{parent.inputs.${BATCH_INPUT}}}` },
      [MODEL_INPUT]: { job_input_type: "mlflow_model", uri: modelId, mode: "ReadOnlyMount" },
    },
    outputs: { [BATCH_OUTPUT]: { type: "literal", value: `\${{parent.outputs.${BATCH_OUTPUT}}}` } },
  };
  const body: Spec = {
    $schema: "https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json",
    name: componentName("mlops_batch_score"),
    display_name: "batch score",
    type: "pipeline",
    inputs: { [BATCH_INPUT]: { type: "uri_folder" } },
    outputs: { [BATCH_OUTPUT]: { type: "uri_folder" } },
    jobs: { score },
  };
  return { ...body, version: sha256(JSON.stringify(body)).slice(0, 16) };
}
