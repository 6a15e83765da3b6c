import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../../errors/index.js";
import { writeJsonAtomic } from "../../fs/index.js";
import { type LoadedModel, loadModel, type SmokeExample } from "../../model-format/index.js";
import { projectModel } from "../../project/index.js";
import { modelFolder, readVersion } from "../../registry/index.js";
import {
  type EvaluateStepOptions,
  evaluateStep,
  numericMetrics,
  type RegisterStepOptions,
  type Registration,
  readMetrics,
  registerStep,
  type Verdict,
} from "../../steps/index.js";
import { step } from "../client/errors.js";
import { sendJson } from "../client/raw.js";
import type { AzureContext } from "../context.js";
import { cancelJob, RESULT_TAG, VERDICT_REASON_TAG, VERDICT_TAG } from "../pipeline/follow.js";
import { jobPath } from "../pipeline/submit.js";
import { flavorsOf, SMOKE_PROPERTY, smokeProperty } from "./model-properties.js";
import { type AzureModel, productionModel } from "./models.js";
import { registerModelVersion } from "./register-version.js";

// The evaluate and register steps decide against a registry folder (ARCHITECTURE §5). Inside an Azure ML job the
// registry is the workspace: the production model's record is mirrored into a scratch registry so the very same
// step functions decide, and the model they would register locally is registered in the workspace instead.

async function withScratchHome<T>(use: (home: string) => Promise<T>): Promise<T> {
  const home = await mkdtemp(join(tmpdir(), "mlops-azure-registry-"));
  try {
    return await use(home);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Writes a workspace model version's record (name, version, tags) into a local registry folder. */
async function mirrorVersion(home: string, model: AzureModel): Promise<void> {
  const version = Number(model.version);
  if (!Number.isInteger(version) || version < 1) {
    throw new CliError(`production model ${model.name}:${model.version} has a non-integer version; compare by folder`);
  }
  await writeJsonAtomic(join(modelFolder(model.name, home), String(version), "version.json"), {
    name: model.name,
    version,
    created_utc: new Date().toISOString(),
    tags: model.tags,
    files: {},
  });
}

/** The evaluate step against the workspace's production model. */
export async function evaluateInWorkspace(
  ctx: AzureContext,
  options: Omit<EvaluateStepOptions, "home" | "production">,
): Promise<Verdict> {
  const production = await productionModel(ctx, options.modelName, options.experimentName);
  ctx.log(production ? `production model: ${production.name}:${production.version}` : "no production model yet");
  return withScratchHome(async (home) => {
    if (production) await mirrorVersion(home, production);
    return evaluateStep({ ...options, home });
  });
}

/** Where the register step's model is in Azure and which pipeline job it runs in. */
export interface WorkspaceRegisterOptions extends Omit<RegisterStepOptions, "home"> {
  readonly modelUri: string;
  readonly pipelineJob?: string;
  /** The training data asset (`<name>:<version>`), recorded as the model's `data_asset` tag. */
  readonly dataAsset?: string;
}

/** Model tag naming the data asset version the model was trained on. */
export const DATA_ASSET_TAG = "data_asset";

/**
 * The register step in the workspace: the step function decides and builds the tags (in a scratch registry), then
 * the model is registered in Azure ML (idempotent per BuildId). Writes `<outputDir>/registration.json` with the
 * workspace's version, records the outcome (metrics, verdict, registration, smoke example) as tags of the pipeline
 * job for the submitter, and cancels the job when the verdict says so (as a local run ends "canceled").
 */
export async function registerInWorkspace(ctx: AzureContext, options: WorkspaceRegisterOptions): Promise<Registration> {
  const { modelUri, pipelineJob, dataAsset, ...stepOptions } = options;
  const definition = options.model ?? projectModel;
  let loaded: LoadedModel | undefined; // the model folder, read once when it is registered
  const registration = await withScratchHome(async (home) => {
    const local = await registerStep({ ...stepOptions, home });
    if (!local.registered || local.version === null) return local;
    const { tags } = await readVersion(local.name, local.version, home);
    loaded = await loadModel(join(options.trainDir, "model"), definition);
    const { model, created } = await registerModelVersion(ctx, {
      name: local.name,
      modelUri,
      tags: dataAsset ? { ...tags, [DATA_ASSET_TAG]: dataAsset } : tags,
      properties: { [SMOKE_PROPERTY]: smokeProperty(loaded, definition.onnx?.output) },
      flavors: flavorsOf(loaded),
      description: "registered by the MLOpsTS training pipeline",
      ...(pipelineJob ? { jobName: pipelineJob } : {}),
    });
    const uri = `models:/${model.name}/${model.version}`;
    const message = created
      ? `registered ${uri} in workspace ${ctx.workspace.workspaceName}`
      : `already registered for this build: ${uri}`;
    return { registered: true, created, name: model.name, version: Number(model.version), uri, message };
  });
  await writeJsonAtomic(join(options.outputDir, "registration.json"), registration);
  ctx.log(registration.message);
  if (!pipelineJob) return registration;
  const verdict = options.verdictFile
    ? (JSON.parse(await readFile(options.verdictFile, "utf8")) as Verdict)
    : undefined;
  const metrics = await readMetrics(options.trainDir);
  const params = (metrics as unknown as { params?: unknown }).params;
  const outcome: RunOutcome = {
    metrics: numericMetrics(metrics),
    // What the model was fit with: after a sweep, the best trial's hyperparameters (its metrics.json's `params`).
    ...(params && typeof params === "object" ? { params: scalars(params) } : {}),
    verdict: verdict ?? null,
    registration,
    smoke: loaded?.smoke ?? null,
  };
  await tagJob(ctx, pipelineJob, {
    [RESULT_TAG]: JSON.stringify(outcome),
    ...(verdict ? { [VERDICT_TAG]: verdict.decision, [VERDICT_REASON_TAG]: verdict.reason } : {}),
  });
  if (verdict?.action === "cancel") {
    ctx.log(`canceling pipeline job ${pipelineJob}: ${verdict.reason}`);
    await cancelJob(ctx, pipelineJob);
  }
  return registration;
}

/** The scalar entries (a hyperparameter, test_size ...), not the feature list: the outcome is a tag, kept short. */
function scalars(params: object): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string | number | boolean] =>
      ["string", "number", "boolean"].includes(typeof e[1]),
    ),
  );
}

/** What a run in Azure ML decided, as the register step records it on the pipeline job. */
export interface RunOutcome {
  readonly metrics: Readonly<Record<string, number>>;
  /** metrics.json's `params` (hyperparameters, split settings); absent in outcomes tagged before it was added. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly verdict: Verdict | null;
  readonly registration: Registration;
  /** The registered model's smoke example (payload and expected answer). */
  readonly smoke: SmokeExample | null;
}

/**
 * Adds tags to the pipeline job: a PUT of the job as read with the tags merged (Azure ML updates a job's tags in
 * place). Raw JSON both ways, so nothing the SDK's older models do not know is lost on the way back.
 */
async function tagJob(ctx: AzureContext, jobName: string, add: Readonly<Record<string, string>>): Promise<void> {
  const path = jobPath(ctx, jobName);
  const job = await step(`reading job ${jobName}`, () =>
    sendJson<{ properties: Record<string, unknown> & { tags?: Record<string, string> } }>(ctx.client, "GET", path),
  );
  const { status: _readOnly, ...properties } = job.properties;
  const tags = { ...(job.properties.tags ?? {}), ...add };
  await step(`tagging job ${jobName}`, () =>
    sendJson(ctx.client, "PUT", path, { properties: { ...properties, tags } }),
  );
}
