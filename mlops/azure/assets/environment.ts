import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";

/**
 * The image every step runs in: Node 24 LTS on Debian bookworm slim, pinned to a full release tag — never `latest`,
 * so a rebuild cannot change the runtime under a job. The tag is read from docker-library/official-images,
 * `library/node` at commit 37079fb336f572a88700cf32e5e1f6be54a04e8f (2026-08-21; Node.js 24.19.0 added in 71f9a0b5);
 * the same version as NODE_VERSION in .pipelines/templates/variables.yml (a test keeps them equal). No digest: none
 * can be looked up here. To pin one: `docker buildx imagetools inspect <image>`, append `@sha256:<digest>`.
 */
export const NODE_IMAGE = "docker.io/library/node:24.19.0-bookworm-slim";

/** The environment version the jobs reference. */
export interface EnvironmentAsset {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly created: boolean;
}

/** Version = the image tag (`24.19.0-bookworm-slim`): a new image is a new version, the same image is reused. */
function environmentVersionFor(image: string): string {
  const tag = image.slice(image.lastIndexOf(":") + 1).split("@")[0];
  return tag.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** Creates the environment version on the pinned Node image once; later runs find it and reuse it. */
export async function ensureEnvironment(
  ctx: AzureContext,
  name: string,
  image = NODE_IMAGE,
): Promise<EnvironmentAsset> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const version = environmentVersionFor(image);
  const id = `${workspaceId(ctx.workspace)}/environments/${name}/versions/${version}`;
  const existing = await step(`looking up environment ${name}:${version}`, () =>
    ctx.client.environmentVersions.get(rg, ws, name, version).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (existing) {
    ctx.log(`environment ${name}:${version} exists: reused`);
    return { id: existing.id ?? id, name, version, created: false };
  }
  const created = await step(`creating environment ${name}:${version}`, () =>
    ctx.client.environmentVersions.createOrUpdate(rg, ws, name, version, {
      properties: {
        image,
        osType: "Linux",
        isAnonymous: false,
        description: "Node.js runtime for the MLOpsTS step bundles",
        tags: { runtime: "node", image },
      },
    }),
  );
  ctx.log(`environment ${name}:${version} created on ${image}`);
  return { id: created.id ?? id, name, version, created: true };
}
