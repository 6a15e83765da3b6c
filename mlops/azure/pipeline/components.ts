import { sha256 } from "../../fs/index.js";
import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import {
  type ContextInput,
  commandFor,
  DATA_INPUT,
  MODEL_COPY_OUTPUT,
  MODEL_OUTPUT,
  PARAMETERS,
  type StepDef,
} from "./steps.js";
import { sweepNode } from "./sweep.js";

// biome-ignore lint/suspicious/noExplicitAny: component specs are Azure ML YAML-schema documents (free-form in ARM).
type Spec = Record<string, any>;

/** A registered component version. */
export interface ComponentRef {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly created: boolean;
}

/** Every per-submission input a pipeline component declares. */
export const CONTEXT_INPUTS: readonly ContextInput[] = [
  "MLOPS_WORKSPACE",
  "MLOPS_PIPELINE_JOB",
  "MLOPS_MODEL_URI",
  "MLOPS_BUILD_ID",
  "MLOPS_BUILD_URI",
  "MLOPS_DATA_ASSET",
];

/**
 * Steps whose earlier output Azure ML may reuse for equal inputs: `is_deterministic` is true for these only (an
 * absent key means true: azure-ai-ml's `Component(is_deterministic=True)`). prep_data is a pure function of its code,
 * data and parameters. The others are not: evaluate compares with the production model *now* (an old verdict was
 * against a model since replaced); register registers and tags *this* job; train writes the model to this job's own
 * path (`trained_model`, which register records as the model's URI), and a reused train step would have written it
 * under the old job's path, leaving this job's empty.
 */
const REUSABLE_STEPS: ReadonlySet<StepDef["name"]> = new Set(["prep_data"]);

/** Component names: lowercase letters, digits and '_' (Azure ML's rule), e.g. `mlops_train`. */
export function componentName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]/g, "_");
}

/** The command component of one step (YAML-schema form, as the Azure ML CLI writes it), version = content hash. */
export function commandComponentSpec(def: StepDef, codeId: string, environmentId: string): Spec {
  const inputs: Spec = {};
  for (const port of def.inputs) inputs[port.name] = { type: port.type ?? "uri_folder" };
  for (const name of PARAMETERS) inputs[name] = { type: "string", optional: true };
  for (const name of def.contextInputs) inputs[name] = { type: "string", optional: true };
  for (const name of Object.values(def.options ?? {})) inputs[name] = { type: "string", optional: true };
  const outputs: Spec = Object.fromEntries(def.outputs.map((name) => [name, { type: "uri_folder" }]));
  const body: Spec = {
    $schema: "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
    name: componentName(`mlops_${def.name}`),
    display_name: def.name,
    type: "command",
    code: `azureml:${codeId}`,
    environment: `azureml:${environmentId}`,
    command: commandFor(def),
    is_deterministic: REUSABLE_STEPS.has(def.name),
    inputs,
    outputs,
  };
  return { ...body, version: sha256(JSON.stringify(body)).slice(0, 16) };
}

/**
 * One node of the pipeline: the step's component, its parameters bound to the pipeline's inputs of the same name
 * (those in `pipelineInputs`), folders wired from the step that writes them. The model reaches the pipeline's
 * per-job model output from train, or, with `sweep` (the sweep's settings, ./sweep.ts), from register's copy of the
 * best trial's: train is then a sweep node of the same name whose trial is the train component.
 */
export function pipelineNode(
  def: StepDef,
  componentId: string,
  pipelineInputs: ReadonlySet<string>,
  sweep?: Spec,
): Spec {
  const bind = (value: string) => ({ job_input_type: "literal", value });
  const inputs: Spec = {};
  for (const name of [...PARAMETERS, ...def.contextInputs]) {
    if (pipelineInputs.has(name)) inputs[name] = bind(`\${{parent.inputs.${name}}}`);
  }
  for (const port of def.inputs) {
    const [stepName, output] = (port.from ?? "").split(".");
    inputs[port.name] = bind(
      port.from ? `\${{parent.jobs.${stepName}.outputs.${output}}}` : `\${{parent.inputs.${port.name}}}`,
    );
  }
  const outputs: Spec = {};
  const modelPort = sweep ? `register.${MODEL_COPY_OUTPUT}` : "train.trained";
  for (const name of def.outputs) {
    outputs[name] =
      `${def.name}.${name}` === modelPort
        ? { type: "literal", value: `\${{parent.outputs.${MODEL_OUTPUT}}}` }
        : { job_output_type: "uri_folder", mode: "ReadWriteMount" };
  }
  const node = { type: "command", name: def.name, display_name: def.name, componentId, inputs, outputs };
  return sweep && def.name === "train" ? sweepNode(node, sweep) : node;
}

/** The versioned pipeline component: the same nodes, its inputs the training data, the parameters and the run context. */
export function pipelineComponentSpec(name: string, version: string, jobs: Spec): Spec {
  const inputs: Spec = { [DATA_INPUT]: { type: "uri_file" } };
  for (const input of PARAMETERS) inputs[input] = { type: "string", optional: true };
  for (const input of CONTEXT_INPUTS) inputs[input] = { type: "string", optional: true };
  return {
    $schema: "https://azuremlschemas.azureedge.net/latest/pipelineComponent.schema.json",
    name,
    version,
    display_name: name,
    type: "pipeline",
    inputs,
    outputs: { [MODEL_OUTPUT]: { type: "uri_folder" } },
    jobs,
  };
}

/** The ARM id of a component version. */
function componentId(ctx: AzureContext, name: string, version: string): string {
  return `${workspaceId(ctx.workspace)}/components/${name}/versions/${version}`;
}

/** Looks a component version up; undefined when it does not exist. */
export async function getComponent(ctx: AzureContext, name: string, version: string) {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  return step(`looking up component ${name}:${version}`, () =>
    ctx.client.componentVersions.get(rg, ws, name, version).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
}

/** Registers `spec` as component `spec.name`:`spec.version` unless that version exists. */
export async function ensureComponent(
  ctx: AzureContext,
  spec: Spec,
  tags: Readonly<Record<string, string>> = {},
): Promise<ComponentRef> {
  const { name, version } = spec as { name: string; version: string };
  const id = componentId(ctx, name, version);
  if (await getComponent(ctx, name, version)) return { id, name, version, created: false };
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  await step(`registering component ${name}:${version}`, () =>
    ctx.client.componentVersions.createOrUpdate(rg, ws, name, version, {
      properties: { componentSpec: spec, isAnonymous: false, tags: { ...tags }, description: spec.display_name },
    }),
  );
  return { id, name, version, created: true };
}
