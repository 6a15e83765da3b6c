import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AnonymousCredential, BlockBlobClient } from "@azure/storage-blob";
import { step } from "../client/errors.js";
import { sendJson } from "../client/raw.js";
import type { AzureContext } from "../context.js";
import { storageHttpClient } from "../dry-run/storage-adapter.js";
import { workspaceId } from "../workspace.js";

/** Where Azure ML lets us upload: a blob folder and a SAS for it. */
export interface PendingUpload {
  readonly blobUri: string;
  readonly sasUri?: string;
}

interface PendingUploadResponse {
  readonly blobReferenceForConsumption: {
    readonly blobUri: string;
    readonly credential: { readonly credentialType: string; readonly sasUri?: string };
  };
}

/** The asset version for a content hash (ARM version names allow letters, digits, '.', '-', '_'). */
export function contentVersion(hash: string): string {
  return hash.slice(0, 32);
}

/**
 * `POST …/codes/<name>/versions/<version>/startPendingUpload`: Azure ML hands out a blob folder in the workspace's
 * storage and a SAS for it (not in the SDK: sent on the SDK's pipeline). The 2025-12-01 spec has this operation for
 * workspace code versions only (data versions have it in registries), so data assets are uploaded through it too.
 */
export function startPendingUpload(ctx: AzureContext, name: string, version: string): Promise<PendingUpload> {
  const path = `${workspaceId(ctx.workspace)}/codes/${name}/versions/${version}/startPendingUpload`;
  return step(`startPendingUpload for ${name}:${version}`, async () => {
    const answer = await sendJson<PendingUploadResponse>(ctx.client, "POST", path, {
      pendingUploadType: "TemporaryBlobReference",
    });
    const { blobUri, credential } = answer.blobReferenceForConsumption;
    return { blobUri, ...(credential.sasUri ? { sasUri: credential.sasUri } : {}) };
  });
}

/** `<blobUri>/<file>` without a query: where an uploaded file stays (what an asset version points at). */
export function blobPath(blobUri: string, file: string): string {
  const base = blobUri.split("?")[0].replace(/\/+$/, "");
  return `${base}/${file.split("/").map(encodeURIComponent).join("/")}`;
}

/** Uploads `files` (relative to `dir`, with `/`) into the pending-upload folder with @azure/storage-blob. */
export async function uploadFiles(
  ctx: AzureContext,
  dir: string,
  files: readonly string[],
  target: PendingUpload,
): Promise<void> {
  const query = target.sasUri ? new URL(target.sasUri).search : "";
  for (const file of files) {
    const blob = new BlockBlobClient(`${blobPath(target.blobUri, file)}${query}`, new AnonymousCredential(), {
      ...(ctx.httpClient ? { httpClient: storageHttpClient(ctx.httpClient) } : {}),
      retryOptions: { maxTries: 5 },
    });
    const bytes = await readFile(join(dir, file));
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
