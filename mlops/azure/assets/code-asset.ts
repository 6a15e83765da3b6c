import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AnonymousCredential, BlockBlobClient } from "@azure/storage-blob";
import { isNotFound, step } from "../client/errors.js";
import { sendJson } from "../client/raw.js";
import type { AzureContext } from "../context.js";
import { storageHttpClient } from "../dry-run/storage-adapter.js";
import { workspaceId } from "../workspace.js";

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

interface PendingUploadResponse {
  readonly blobReferenceForConsumption: {
    readonly blobUri: string;
    readonly credential: { readonly credentialType: string; readonly sasUri?: string };
  };
}

/** The code version for a content hash (ARM version names allow letters, digits, '.', '-', '_'). */
function codeVersionFor(hash: string): string {
  return hash.slice(0, 32);
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
  const version = codeVersionFor(folder.hash);
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
  const pending = await step(`startPendingUpload for code ${name}:${version}`, () =>
    sendJson<PendingUploadResponse>(ctx.client, "POST", `${path}/startPendingUpload`, {
      pendingUploadType: "TemporaryBlobReference",
    }),
  );
  const { blobUri, credential } = pending.blobReferenceForConsumption;
  await step(`uploading code ${name}:${version}`, () => uploadFolder(ctx, folder, blobUri, credential.sasUri));
  ctx.log(`code ${name}:${version}: uploaded ${folder.files.length} files`);
  const created = await step(`creating code version ${name}:${version}`, () =>
    ctx.client.codeVersions.createOrUpdate(rg, ws, name, version, {
      properties: {
        codeUri: blobUri,
        isAnonymous: false,
        description: "MLOpsTS step bundles (esbuild), named by content hash",
        tags: { ...tags },
        properties: { "mlops.sha256": folder.hash },
      },
    }),
  );
  return { id: created.id ?? path, name, version, codeUri: blobUri, uploaded: true };
}

/** `<blobUri>/<file>` with the SAS's query, for each file. */
function blobUrlFor(blobUri: string, sasUri: string | undefined, file: string): string {
  const query = sasUri ? new URL(sasUri).search : "";
  const base = blobUri.split("?")[0].replace(/\/+$/, "");
  return `${base}/${file.split("/").map(encodeURIComponent).join("/")}${query}`;
}

async function uploadFolder(ctx: AzureContext, folder: CodeFolder, blobUri: string, sasUri?: string): Promise<void> {
  for (const file of folder.files) {
    const blob = new BlockBlobClient(blobUrlFor(blobUri, sasUri, file), new AnonymousCredential(), {
      ...(ctx.httpClient ? { httpClient: storageHttpClient(ctx.httpClient) } : {}),
      retryOptions: { maxTries: 5 },
    });
    const bytes = await readFile(join(folder.dir, file));
    await blob.uploadData(bytes, { blobHTTPHeaders: { blobContentType: contentType(file) } });
  }
}

function contentType(file: string): string {
  if (file.endsWith(".mjs") || file.endsWith(".js")) return "text/javascript";
  if (file.endsWith(".json")) return "application/json";
  if (file.endsWith(".csv")) return "text/csv";
  if (file.endsWith(".yml") || file.endsWith(".yaml")) return "application/yaml";
  return "application/octet-stream";
}
