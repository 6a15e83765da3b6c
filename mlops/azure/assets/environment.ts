import { join } from "node:path";
import type { EnvironmentVersion } from "@azure/arm-machinelearning";
import {
  buildServingContext,
  buildStepContext,
  type ImageContext,
  type InferenceConfig,
  servingInferenceConfig,
} from "../../images/index.js";
import { mlopsHome } from "../../registry/index.js";
import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import { contentVersion, startPendingUpload, uploadFiles } from "./blob-upload.js";

/** The environment version the jobs (or a deployment) reference. */
export interface EnvironmentAsset {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly created: boolean;
}

/** Where a context is built and from which repository (defaults: under MLOPS_HOME, this repository). */
export interface ContextPlace {
  readonly contextDir?: string;
  readonly root?: string;
}

/**
 * The step environment `name`: Azure ML builds it from the committed step Dockerfile (mlops/images/step: Node 24
 * LTS, bash, python3 for Azure ML's job tooling), uploaded as the version's build context; version = the context's
 * content hash, so the same Dockerfile is the same version, reused, and an edited one a new version.
 */
export async function ensureEnvironment(
  ctx: AzureContext,
  name: string,
  place: ContextPlace = {},
): Promise<EnvironmentAsset> {
  const context = await buildStepContext({
    outDir: place.contextDir ?? join(mlopsHome(), "images", "step"),
    ...(place.root ? { root: place.root } : {}),
  });
  return ensureBuiltEnvironment(ctx, name, context, {
    description: "Node.js runtime for the MLOpsTS step bundles (mlops/images/step/Dockerfile)",
  });
}

/**
 * The serving environment `name`: the serving image's build context (mlops/images/serve: the scoring server with
 * the project's scoring/ and training/ in one bundle) with the inferenceConfig Azure ML probes and routes by.
 */
export async function ensureServingEnvironment(
  ctx: AzureContext,
  name: string,
  place: ContextPlace = {},
): Promise<EnvironmentAsset> {
  const context = await buildServingContext({
    outDir: place.contextDir ?? join(mlopsHome(), "images", "serve"),
    ...(place.root ? { root: place.root } : {}),
  });
  return ensureBuiltEnvironment(ctx, name, context, {
    description: "MLOpsTS serving container (mlops/images/serve/Dockerfile): the project's scoring code",
    inferenceConfig: servingInferenceConfig(),
  });
}

/**
 * An environment version Azure ML builds from `context`: reused when version (= the context's hash) exists;
 * otherwise the context is uploaded to a blob folder `startPendingUpload` hands out (as azure-ai-ml uploads a build
 * context to the workspace's storage) and the version is created with `build.contextUri` pointing at that folder.
 */
export async function ensureBuiltEnvironment(
  ctx: AzureContext,
  name: string,
  context: ImageContext,
  options: { readonly description: string; readonly inferenceConfig?: InferenceConfig },
): Promise<EnvironmentAsset> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const version = contentVersion(context.hash);
  const id = `${workspaceId(ctx.workspace)}/environments/${name}/versions/${version}`;
  const existing = await step(`looking up environment ${name}:${version}`, () =>
    ctx.client.environmentVersions.get(rg, ws, name, version).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (existing?.properties.build?.contextUri) {
    ctx.log(`environment ${name}:${version} unchanged: reused`);
    return { id: existing.id ?? id, name, version, created: false };
  }
  const target = await startPendingUpload(ctx, name, version);
  await step(`uploading the build context of ${name}:${version}`, () =>
    uploadFiles(ctx, context.dir, context.files, target),
  );
  const body: EnvironmentVersion = {
    properties: {
      // A folder: Azure ML builds with the Dockerfile at dockerfilePath inside it.
      build: { contextUri: `${target.blobUri.split("?")[0].replace(/\/+$/, "")}/`, dockerfilePath: "Dockerfile" },
      osType: "Linux",
      isAnonymous: false,
      description: options.description,
      tags: { runtime: "node" },
      properties: { "mlops.sha256": context.hash },
      ...(options.inferenceConfig ? { inferenceConfig: options.inferenceConfig } : {}),
    },
  };
  const created = await step(`creating environment ${name}:${version}`, () =>
    ctx.client.environmentVersions.createOrUpdate(rg, ws, name, version, body),
  );
  ctx.log(`environment ${name}:${version} created: Azure ML builds it from ${context.files.length} uploaded files`);
  return { id: created.id ?? id, name, version, created: true };
}
