import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import { contentVersion, startPendingUpload, uploadFiles } from "./blob-upload.js";

/** A folder to upload: its files (paths relative to `dir`, with `/`) and the content hash naming the version. */
export interface CodeFolder {
  readonly dir: string;
  readonly files: readonly string[];
  readonly hash: string;
}

/** The code asset version the jobs run. */
export interface CodeAsset {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly codeUri: string;
  /** False when the version already existed: an unchanged bundle is not uploaded again. */
  readonly uploaded: boolean;
}

/**
 * The code asset `name` at version = content hash: reused when it exists; otherwise `startPendingUpload` gives a
 * blob location and a SAS, every file is uploaded there with @azure/storage-blob, and the code version is created
 * pointing at it.
 */
export async function ensureCodeAsset(
  ctx: AzureContext,
  name: string,
  folder: CodeFolder,
  tags: Readonly<Record<string, string>>,
): Promise<CodeAsset> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const version = contentVersion(folder.hash);
  const path = `${workspaceId(ctx.workspace)}/codes/${name}/versions/${version}`;
  const existing = await step(`looking up code ${name}:${version}`, () =>
    ctx.client.codeVersions.get(rg, ws, name, version).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (existing?.properties.codeUri) {
    ctx.log(`code ${name}:${version} unchanged: not uploaded again`);
    return { id: existing.id ?? path, name, version, codeUri: existing.properties.codeUri, uploaded: false };
  }
  const target = await startPendingUpload(ctx, name, version);
  await step(`uploading code ${name}:${version}`, () => uploadFiles(ctx, folder.dir, folder.files, target));
  ctx.log(`code ${name}:${version}: uploaded ${folder.files.length} files`);
  const created = await step(`creating code version ${name}:${version}`, () =>
    ctx.client.codeVersions.createOrUpdate(rg, ws, name, version, {
      properties: {
        codeUri: target.blobUri,
        isAnonymous: false,
        description: "MLOpsTS step bundles (esbuild), named by content hash",
        tags: { ...tags },
        properties: { "mlops.sha256": folder.hash },
      },
    }),
  );
  return { id: created.id ?? path, name, version, codeUri: target.blobUri, uploaded: true };
}
