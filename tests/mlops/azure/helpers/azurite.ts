import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BlobServiceClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  StorageSharedKeyCredential,
} from "@azure/storage-blob";

// Azurite's documented development account (public, fixed in the emulator).
const ACCOUNT = "devstoreaccount1";
const KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const AZURITE = join(import.meta.dirname, "../../../../node_modules/azurite/dist/src/blob/main.js");

/** A running Azurite blob service on 127.0.0.1 (a free port), with its data in a temp folder. */
export interface Azurite {
  /** `http://127.0.0.1:<port>/devstoreaccount1` */
  readonly endpoint: string;
  readonly service: BlobServiceClient;
  /** A container URL with a SAS (read, add, create, write, list) and the blob folder URL, like startPendingUpload. */
  pendingUpload(container: string, folder: string): { blobUri: string; sasUri: string };
  stop(): Promise<void>;
}

/** Starts Azurite (telemetry off) and waits until it listens. */
export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(join(tmpdir(), "mlops-azurite-"));
  const child = spawn(
    process.execPath,
    [
      AZURITE,
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      "0",
      "--location",
      location,
      "--disableTelemetry",
      "--skipApiVersionCheck",
      "--loose",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const port = await listeningPort(child);
  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const service = new BlobServiceClient(endpoint, credential);
  return {
    endpoint,
    service,
    pendingUpload(container, folder) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: container,
          permissions: ContainerSASPermissions.parse("racwl"),
          expiresOn: new Date(Date.now() + 3_600_000),
        },
        credential,
      ).toString();
      return { blobUri: `${endpoint}/${container}/${folder}`, sasUri: `${endpoint}/${container}?${sas}` };
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(location, { recursive: true, force: true });
    },
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${out}`)), 15_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}): ${out}`));
    });
  });
}
