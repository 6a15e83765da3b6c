import type { TokenCredential } from "@azure/identity";
import { createMlClient } from "./client/create-client.js";
import { defaultCredential, ensureLogin, staticCredential } from "./client/credential.js";
import type { RetryOptions } from "./client/retry.js";
import type { AzureContext } from "./context.js";
import { RecordingHttpClient } from "./dry-run/recorder.js";
import type { DryRunAssumptions } from "./dry-run/responder.js";
import type { WorkspaceRef } from "./workspace.js";

/** How to talk to Azure ML: for real, as a dry run, or (tests) against a local ARM. */
export interface SessionOptions {
  readonly workspace: WorkspaceRef;
  /** Record every call and answer from the spec's examples: no network, no credentials. */
  readonly dryRun?: boolean;
  readonly assume?: DryRunAssumptions;
  /** Default: DefaultAzureCredential (checked up front). */
  readonly credential?: TokenCredential;
  /** ARM endpoint (default management.azure.com); `http://127.0.0.1:...` only with allowInsecureConnection. */
  readonly endpoint?: string;
  readonly allowInsecureConnection?: boolean;
  readonly retry?: RetryOptions;
  readonly log?: (line: string) => void;
  readonly pollIntervalMs?: number;
  readonly lroDeadlineMs?: number;
}

/** An open session: the context every operation takes, and the recorder in a dry run. */
export interface Session {
  readonly ctx: AzureContext;
  readonly recorder?: RecordingHttpClient;
}

const seconds = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return (Number.isFinite(value) && value > 0 ? value : fallback) * 1000;
};

/** Builds the client on the SDK pipeline; a real session first proves there is a usable login. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const recorder = options.dryRun ? new RecordingHttpClient(options.assume) : undefined;
  const credential = options.dryRun ? staticCredential() : (options.credential ?? (await defaultCredential()));
  if (!options.dryRun) await ensureLogin(credential);
  const client = createMlClient({
    subscriptionId: options.workspace.subscriptionId,
    credential,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(recorder ? { httpClient: recorder } : {}),
    ...(options.allowInsecureConnection ? { allowInsecureConnection: true } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
  });
  const ctx: AzureContext = {
    client,
    workspace: options.workspace,
    credential,
    log: options.log ?? ((line) => console.log(line)),
    ...(recorder ? { httpClient: recorder } : {}),
    pollIntervalMs: options.pollIntervalMs ?? seconds("MLOPS_POLL_INTERVAL_S", 10),
    lroDeadlineMs: options.lroDeadlineMs ?? seconds("MLOPS_LRO_DEADLINE_S", 1800),
  };
  return { ctx, ...(recorder ? { recorder } : {}) };
}
