import type { JobBase } from "@azure/arm-machinelearning";
import type { Variables } from "../../config/index.js";
import { CliError } from "../../errors/index.js";
import { projectModel } from "../../project/index.js";
import { step } from "../client/errors.js";
import { sendJson } from "../client/raw.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import {
  CONTEXT_INPUTS,
  type ComponentRef,
  commandComponentSpec,
  componentName,
  ensureComponent,
  getComponent,
  pipelineComponentSpec,
  pipelineNode,
} from "./components.js";
import { contextValues, pipelineJobBody, type Submission, versionedJobs } from "./job-body.js";
import { DATA_INPUT, PARAMETERS, pipelineSteps } from "./steps.js";
import { sweepSettings } from "./sweep.js";

/** Tag on the pipeline component recording its structure (RUN_EVALUATION cannot change on re-submission). */
const RUN_EVALUATION_TAG = "mlops.run_evaluation";
/** Tag on the pipeline component: its sweep settings as JSON, or `false` (a registered version's nodes are fixed). */
const SWEEP_TAG = "mlops.sweep";

/** The sweep settings the variables ask for (undefined when SWEEP is false), from the project model's space. */
export function sweepFor(variables: Variables): Record<string, unknown> | undefined {
  return variables.SWEEP ? sweepSettings(variables, projectModel.searchSpace, projectModel.hyperparameters) : undefined;
}

/** The registered pipeline's name (TRAINING_PIPELINE_NAME in Azure ML's component-name characters). */
function pipelineName(variables: Pick<Variables, "TRAINING_PIPELINE_NAME">): string {
  return componentName(variables.TRAINING_PIPELINE_NAME);
}

/**
 * Registers the step components (version = content hash, reused when unchanged) and the pipeline component
 * (version `version`, the build id), and returns the job's nodes: the same steps, bound to this job's inputs.
 */
export async function registerPipeline(
  ctx: AzureContext,
  variables: Variables,
  ids: { readonly codeId: string; readonly environmentId: string },
  version: string,
  submission: Submission,
): Promise<{ readonly jobs: Record<string, unknown>; readonly pipeline: ComponentRef }> {
  const sweep = sweepFor(variables);
  const defs = pipelineSteps(variables.RUN_EVALUATION, sweep !== undefined);
  const refs: ComponentRef[] = [];
  for (const def of defs)
    refs.push(await ensureComponent(ctx, commandComponentSpec(def, ids.codeId, ids.environmentId)));
  const declared = new Set([...PARAMETERS, ...CONTEXT_INPUTS]);
  const present = new Set(Object.keys(jobInputs(submission)));
  const nodes = (inputs: ReadonlySet<string>) =>
    Object.fromEntries(defs.map((def, i) => [def.name, pipelineNode(def, refs[i].id, inputs, sweep)]));
  const tags = {
    [RUN_EVALUATION_TAG]: String(variables.RUN_EVALUATION),
    [SWEEP_TAG]: sweep ? JSON.stringify(sweep) : "false",
    ...(submission.build.buildId ? { BuildId: submission.build.buildId } : {}),
    ...(submission.build.buildUri ? { BuildUri: submission.build.buildUri } : {}),
  };
  const pipeline = await ensureComponent(
    ctx,
    pipelineComponentSpec(pipelineName(variables), version, nodes(declared)),
    tags,
  );
  ctx.log(`pipeline ${pipeline.name}:${pipeline.version} ${pipeline.created ? "registered" : "already registered"}`);
  return { jobs: nodes(present), pipeline };
}

/**
 * The job nodes that re-run registered pipeline version `version` with this submission's inputs. Its structure
 * is fixed: a RUN_EVALUATION different from the one it was registered with is an error naming both.
 */
export async function versionedPipeline(
  ctx: AzureContext,
  variables: Variables,
  version: string,
  submission: Submission,
): Promise<Record<string, unknown>> {
  const name = pipelineName(variables);
  const found = await getComponent(ctx, name, version);
  if (!found) {
    throw new CliError(
      `pipeline ${name} version ${version} is not registered in workspace ${ctx.workspace.workspaceName}: ` +
        "run without --pipeline-version once to register it (its version is the build id)",
    );
  }
  const registered = found.properties.tags?.[RUN_EVALUATION_TAG];
  if (registered !== undefined && registered !== String(variables.RUN_EVALUATION)) {
    throw new CliError(
      `pipeline ${name}:${version} was registered with RUN_EVALUATION=${registered}, not ${variables.RUN_EVALUATION}: ` +
        "the steps of a registered version are fixed; register a new version to change them",
    );
  }
  // Versions registered before sweeps carry no sweep tag: they have a train node, as SWEEP=false.
  const registeredSweep = found.properties.tags?.[SWEEP_TAG] ?? "false";
  const sweep = sweepFor(variables);
  const wanted = sweep ? JSON.stringify(sweep) : "false";
  if (registeredSweep !== wanted) {
    throw new CliError(
      `pipeline ${name}:${version} was registered with sweep ${registeredSweep}, not ${wanted} ` +
        "(SWEEP and the SWEEP_* knobs other than SWEEP_VALIDATION_SIZE, and the model's searchSpace, are part of a " +
        "registered version): register a new version to change them",
    );
  }
  // A version registered before an input existed (e.g. the training data asset) does not declare it: pass only the
  // inputs it declares, when its spec lists them.
  const declared = (found.properties.componentSpec as { inputs?: Record<string, unknown> } | undefined)?.inputs;
  const names = [...(submission.data ? [DATA_INPUT] : []), ...Object.keys(jobInputs(submission))];
  return versionedJobs(found.id ?? "", declared ? names.filter((name) => name in declared) : names);
}

/**
 * Submits the pipeline job; resolves to the job as Azure ML returned it. Sent as JSON through the client's pipeline
 * rather than `jobs.createOrUpdate`: the SDK's 2022-10-01 serializer files `uri_folder` outputs under the wrong
 * discriminator and silently drops their `uri` and `mode` (the per-job model path).
 */
export async function submitJob(ctx: AzureContext, submission: Submission, jobs: Record<string, unknown>) {
  const body: JobBase = pipelineJobBody(submission, jobs);
  return step(`submitting pipeline job ${submission.jobName}`, () =>
    sendJson<JobBase>(ctx.client, "PUT", jobPath(ctx, submission.jobName), body),
  );
}

/** ARM path of a job. */
export function jobPath(ctx: AzureContext, name: string): string {
  return `${workspaceId(ctx.workspace)}/jobs/${encodeURIComponent(name)}`;
}

function jobInputs(submission: Submission): Record<string, string> {
  return { ...submission.parameters, ...(contextValues(submission) as Record<string, string>) };
}
