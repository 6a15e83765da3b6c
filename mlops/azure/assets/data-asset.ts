import { basename, dirname } from "node:path";
import { CliError } from "../../errors/index.js";
import { sha256File } from "../../fs/index.js";
import { isNotFound, step } from "../client/errors.js";
import type { AzureContext } from "../context.js";
import { workspaceId } from "../workspace.js";
import { blobPath, contentVersion, startPendingUpload, uploadFiles } from "./blob-upload.js";

/** A registered data asset version: what the pipeline job takes as its training data input. */
export interface DataAsset {
  /** ARM id of the version: the job input's `uri`, as azure-ai-ml sends a registered data asset. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  /** Where the file is (the blob the version points at). */
  readonly dataUri: string;
  /** False when the version already existed: the same data is neither uploaded nor registered again. */
  readonly created: boolean;
}

/** `<name>:<version>`, the form run records and model tags use. */
export function dataAssetRef(asset: Pick<DataAsset, "name" | "version">): string {
  return `${asset.name}:${asset.version}`;
}

/**
 * The training data as the `uri_file` data asset `name`, version = its sha256 (first 32 hex digits): reused when that
 * version exists, so the same data is registered once; otherwise the file is uploaded to a blob folder handed out
 * by `startPendingUpload` and the version is created pointing at it. `source` (DATA_FILE as given) and the full
 * sha256 are recorded as properties.
 */
export async function ensureDataAsset(
  ctx: AzureContext,
  name: string,
  file: string,
  options: { readonly source: string; readonly tags?: Readonly<Record<string, string>> },
): Promise<DataAsset> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const sha = await sha256File(file).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `DATA_FILE '${options.source}' cannot be read (${error.code ?? error.message}): set DATA_FILE to the training CSV`,
    );
  });
  const version = contentVersion(sha);
  const id = `${workspaceId(ctx.workspace)}/data/${name}/versions/${version}`;
  const existing = await step(`looking up data ${name}:${version}`, () =>
    ctx.client.dataVersions.get(rg, ws, name, version).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  );
  if (existing?.properties.dataUri) {
    ctx.log(`data ${name}:${version} (${options.source}) unchanged: not uploaded again`);
    return { id: existing.id ?? id, name, version, dataUri: existing.properties.dataUri, created: false };
  }
  const target = await startPendingUpload(ctx, name, version);
  const fileName = basename(file);
  await step(`uploading data ${name}:${version}`, () => uploadFiles(ctx, dirname(file), [fileName], target));
  const dataUri = blobPath(target.blobUri, fileName);
  const created = await step(`creating data version ${name}:${version}`, () =>
    ctx.client.dataVersions.createOrUpdate(rg, ws, name, version, {
      properties: {
        dataType: "uri_file",
        dataUri,
        isAnonymous: false,
        description: `MLOpsTS training data (${options.source}), version = sha256 of its bytes`,
        tags: { ...(options.tags ?? {}) },
        properties: { "mlops.sha256": sha, "mlops.source": options.source },
      },
    }),
  );
  ctx.log(`data ${name}:${version} registered (${options.source})`);
  return { id: created.id ?? id, name, version, dataUri, created: true };
}
