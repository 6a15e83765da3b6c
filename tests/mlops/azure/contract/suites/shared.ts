import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Azurite, startAzurite } from "../../helpers/azurite.js";

/** What the suites share in one worker: Azurite (started once) and a scratch folder. */
export interface Shared {
  azurite: Azurite;
  dir: string;
  /** One bundle folder for the suites that submit: built once, then found up to date. */
  bundleDir: string;
}

/** Starts the shared parts; call from beforeAll and pass `stop` to afterAll. */
export async function startShared(): Promise<Shared & { stop(): Promise<void> }> {
  const [azurite, dir] = await Promise.all([startAzurite(), mkdtemp(join(tmpdir(), "mlops-azure-contract-"))]);
  await azurite.service.createContainer("azureml-blobstore");
  return {
    azurite,
    dir,
    bundleDir: join(dir, "bundle"),
    async stop() {
      await Promise.all([azurite.stop(), rm(dir, { recursive: true, force: true })]);
    },
  };
}

/** startPendingUpload answers pointing into Azurite, one folder per code version (as Azure ML does). */
export function uploadsInto(azurite: Azurite) {
  return (name: string, version: string) =>
    azurite.pendingUpload("azureml-blobstore", `LocalUpload/${name}/${version}`);
}
