// Registering a model version in the workspace, idempotent per build under concurrency (two jobs of one build: a
// re-queued DevOps run). Azure ML's PUT of a version is "create or update" with no conditional create, so two
// writers can always PUT the same number; what the protocol can do is detect and settle:
// 1. a version tagged with the build already active → report the lowest one;
// 2. otherwise take the next number (the container's counters, then the first number nobody holds) and PUT it
//    with a token of this writer;
// 3. read it back: another build's body there means that writer came last → take the next number and PUT again;
// 4. list the build's active versions: the lowest is the build's version, every writer reports it; a writer
//    whose own number is higher archives it and removes its tags, so the number stays spent (never reused) and
//    the build keeps one active version.
import { randomUUID } from "node:crypto";
import type { ModelVersion } from "@azure/arm-machinelearning";
import { CliError } from "../../errors/index.js";
import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { type AzureModel, type AzureRegistration, toModel } from "./models.js";

/** The property holding the writer's token: whose body a version holds after concurrent PUTs. */
export const WRITER_PROPERTY = "mlops.writer";
/** The tag a spare version gets: the build's version it duplicated. */
export const DUPLICATE_TAG = "mlops.duplicate_of";
/** More numbers than this taken by others in a row means something is wrong (a loop, not a race). */
const MAX_TRIES = 50;

/**
 * Registers an MLflow model as the next integer version (`modelType: mlflow_model`). Idempotent per build: every
 * writer with the same `BuildId` tag reports the same version, also when they run at once.
 */
export async function registerModelVersion(
  ctx: AzureContext,
  model: AzureRegistration,
): Promise<{ readonly model: AzureModel; readonly created: boolean }> {
  const buildId = model.tags.BuildId;
  if (buildId) {
    const existing = await buildVersions(ctx, model.name, buildId);
    if (existing.length > 0) return { model: existing[0], created: false };
  }
  const token = randomUUID();
  const body = versionBody(model, token);
  let version = await firstFreeNumber(ctx, model.name, await nextNumber(ctx, model.name));
  for (let tries = 0; ; tries++) {
    if (tries === MAX_TRIES) {
      throw new CliError(
        `could not register ${model.name}: ${MAX_TRIES} version numbers in a row were taken by other writers; run again`,
      );
    }
    await put(ctx, model.name, version, body);
    const held = await get(ctx, model.name, version);
    const tags = held?.properties.tags ?? {};
    if (
      held !== undefined &&
      (held.properties.properties?.[WRITER_PROPERTY] === token || (buildId && tags.BuildId === buildId))
    ) {
      break; // ours, or a writer of the same build's: the number belongs to this build
    }
    version = await firstFreeNumber(ctx, model.name, version + 1); // another build came last: the number is theirs
  }
  const mine = toModel(model.name, (await get(ctx, model.name, version)) as ModelVersion);
  if (!buildId) return { model: mine, created: true };
  const versions = await buildVersions(ctx, model.name, buildId);
  const first = versions[0] ?? mine;
  if (Number(first.version) < version) {
    await archiveSpare(ctx, model.name, version, body, first.version);
    return { model: first, created: false };
  }
  return { model: mine, created: mine.properties[WRITER_PROPERTY] === token };
}

/** The build's active versions, lowest number first. */
async function buildVersions(ctx: AzureContext, name: string, buildId: string): Promise<AzureModel[]> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  return step(`listing versions of model ${name} tagged BuildId=${buildId}`, async () => {
    const out: AzureModel[] = [];
    try {
      for await (const v of ctx.client.modelVersions.list(rg, ws, name, { tags: `BuildId=${buildId}` })) {
        if (v.properties.isArchived !== true) out.push(toModel(name, v));
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    return out.sort((a, b) => Number(a.version) - Number(b.version));
  });
}

/** The container's next number: its `nextVersion`, or one past its `latestVersion` (1 for a new model). */
async function nextNumber(ctx: AzureContext, name: string): Promise<number> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const container = await step(`reading model ${name}`, () =>
    ctx.client.modelContainers.get(rg, ws, name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  const latest = Number(container?.properties.latestVersion ?? 0);
  const next = Number(container?.properties.nextVersion ?? 0);
  return Math.max(Number.isInteger(latest) && latest > 0 ? latest + 1 : 1, Number.isInteger(next) ? next : 1);
}

/** The first number from `from` that no version holds (a writer may have taken it since the container was read). */
async function firstFreeNumber(ctx: AzureContext, name: string, from: number): Promise<number> {
  let version = from;
  while ((await get(ctx, name, version)) !== undefined) version++;
  return version;
}

async function get(ctx: AzureContext, name: string, version: number): Promise<ModelVersion | undefined> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  return step(`reading model ${name}:${version}`, () =>
    ctx.client.modelVersions.get(rg, ws, name, String(version)).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
}

async function put(ctx: AzureContext, name: string, version: number, body: ModelVersion): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  await step(`registering model ${name}:${version}`, () =>
    ctx.client.modelVersions.createOrUpdate(rg, ws, name, String(version), body),
  );
}

/** A spare number of this writer: archived, no tags but a pointer to the build's version, the number spent. */
async function archiveSpare(ctx: AzureContext, name: string, version: number, body: ModelVersion, of: string) {
  const spare: ModelVersion = {
    properties: { ...body.properties, isArchived: true, tags: { [DUPLICATE_TAG]: of } },
  };
  await put(ctx, name, version, spare);
}

function versionBody(model: AzureRegistration, token: string): ModelVersion {
  const flavors = model.flavors
    ? Object.fromEntries(Object.entries(model.flavors).map(([k, data]) => [k, { data: { ...data } }]))
    : undefined;
  return {
    properties: {
      modelType: "mlflow_model",
      modelUri: model.modelUri,
      isAnonymous: false,
      tags: { ...model.tags },
      properties: { ...model.properties, [WRITER_PROPERTY]: token },
      ...(model.description ? { description: model.description } : {}),
      ...(model.jobName ? { jobName: model.jobName } : {}),
      ...(flavors ? { flavors } : {}),
    },
  };
}
