import type { JobBase } from "@azure/arm-machinelearning";
import { type WorkspaceRef, workspaceId } from "../workspace.js";
import { type ContextInput, DATA_INPUT, MODEL_OUTPUT } from "./steps.js";

/** The Azure DevOps build a run belongs to (both empty outside a pipeline). */
export interface BuildInfo {
  readonly buildId: string;
  readonly buildUri: string;
}

/**
 * BuildId from BUILD_BUILDID; BuildUri the build's results page
 * (SYSTEM_COLLECTIONURI + SYSTEM_TEAMPROJECT + `/_build/results?buildId=` + BUILD_BUILDID), else BUILD_BUILDURI.
 */
export function buildInfo(env: Readonly<Record<string, string | undefined>> = process.env): BuildInfo {
  const buildId = env.BUILD_BUILDID ?? "";
  const collection = env.SYSTEM_COLLECTIONURI ?? "";
  const project = env.SYSTEM_TEAMPROJECT ?? "";
  const results =
    buildId && collection && project
      ? `${collection.replace(/\/?$/, "/")}${encodeURIComponent(project)}/_build/results?buildId=${buildId}`
      : "";
  return { buildId, buildUri: results || (env.BUILD_BUILDURI ?? "") };
}

/** What one submission is: where, under which name, with which values. */
export interface Submission {
  readonly workspace: WorkspaceRef;
  readonly jobName: string;
  readonly experimentName: string;
  readonly computeName: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly build: BuildInfo;
  readonly tags: Readonly<Record<string, string>>;
  /** SWEEP: the train node is a sweep (only the description says so here; the nodes carry it). */
  readonly sweep?: boolean;
  /** The training data: a registered data asset version (DATASET_NAME), the job's `training_data` input. */
  readonly data?: { readonly id: string; readonly name: string; readonly version: string };
}

/** Where the trained model lands: a per-job folder on the workspace's default datastore. */
function modelOutputPath(jobName: string): string {
  return `azureml://datastores/workspaceblobstore/paths/mlops/${jobName}/${MODEL_OUTPUT}/`;
}

/** The same folder as a model asset URI (what the register step records as `modelUri`). */
function modelAssetUri(ws: WorkspaceRef, jobName: string): string {
  return (
    `azureml://subscriptions/${ws.subscriptionId}/resourcegroups/${ws.resourceGroup}/workspaces/${ws.workspaceName}` +
    `/datastores/workspaceblobstore/paths/mlops/${jobName}/${MODEL_OUTPUT}/model`
  );
}

/** Per-submission pipeline inputs (non-empty ones only). */
export function contextValues(s: Submission): Partial<Record<ContextInput, string>> {
  const values: Partial<Record<ContextInput, string>> = {
    MLOPS_WORKSPACE: workspaceId(s.workspace),
    MLOPS_PIPELINE_JOB: s.jobName,
    MLOPS_MODEL_URI: modelAssetUri(s.workspace, s.jobName),
  };
  if (s.build.buildId) values.MLOPS_BUILD_ID = s.build.buildId;
  if (s.build.buildUri) values.MLOPS_BUILD_URI = s.build.buildUri;
  if (s.data) values.MLOPS_DATA_ASSET = `${s.data.name}:${s.data.version}`;
  return values;
}

/**
 * The pipeline job: the training data asset as a `uri_file` input (its ARM id, as azure-ai-ml sends a registered
 * asset), parameters and run context as literal inputs, the model output on a per-job path, tags.
 */
export function pipelineJobBody(s: Submission, jobs: Record<string, unknown>): JobBase {
  const computeId = `${workspaceId(s.workspace)}/computes/${s.computeName}`;
  const inputs: Record<string, Record<string, string>> = {};
  if (s.data) inputs[DATA_INPUT] = { jobInputType: "uri_file", uri: s.data.id, mode: "ReadOnlyMount" };
  for (const [name, value] of Object.entries({ ...s.parameters, ...contextValues(s) })) {
    inputs[name] = { jobInputType: "literal", value: value as string };
  }
  return {
    properties: {
      jobType: "Pipeline",
      displayName: s.jobName,
      experimentName: s.experimentName,
      description: `MLOpsTS training pipeline: prep_data → ${s.sweep ? "sweep (train trials)" : "train"} → [evaluate] → register`,
      computeId,
      identity: { identityType: "Managed" },
      tags: {
        ...s.tags,
        ...(s.build.buildId ? { BuildId: s.build.buildId } : {}),
        ...(s.build.buildUri ? { BuildUri: s.build.buildUri } : {}),
      },
      // force_rerun: equal inputs never reuse an earlier job's steps (azure-ai-ml's PipelineJobSettings key).
      settings: { default_compute: computeId, continue_on_step_failure: false, force_rerun: true },
      inputs,
      outputs: {
        [MODEL_OUTPUT]: { jobOutputType: "uri_folder", mode: "ReadWriteMount", uri: modelOutputPath(s.jobName) },
      },
      jobs,
    },
  } as JobBase;
}

/** A job running one node: the registered pipeline component `componentId`, every input passed through. */
export function versionedJobs(componentId: string, inputNames: readonly string[]): Record<string, unknown> {
  const inputs = Object.fromEntries(
    inputNames.map((name) => [name, { job_input_type: "literal", value: `\${{parent.inputs.${name}}}` }]),
  );
  return {
    training_pipeline: {
      type: "pipeline",
      name: "training_pipeline",
      componentId,
      inputs,
      outputs: { [MODEL_OUTPUT]: { type: "literal", value: `\${{parent.outputs.${MODEL_OUTPUT}}}` } },
    },
  };
}

/** `20260101120000`: UTC to the second, for names. */
export function utcStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** A job name: `<experiment>-<build id or UTC stamp>-<random>`, in Azure ML's allowed characters. */
export function newJobName(experimentName: string, build: BuildInfo, now = new Date()): string {
  const stamp = build.buildId || utcStamp(now);
  const random = Math.random().toString(36).slice(2, 8);
  return `${experimentName}-${stamp}-${random}`.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
}
