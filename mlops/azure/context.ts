import type { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { CliError } from "../errors/index.js";
import type { WorkspaceRef } from "./workspace.js";

/** What every Azure operation here works with. */
export interface AzureContext {
  readonly client: AzureMachineLearningWorkspaces;
  readonly workspace: WorkspaceRef;
  /** The session's credential (for endpoints with Microsoft Entra token auth). */
  readonly credential: TokenCredential;
  /** Progress lines (stdout by default). */
  readonly log: (line: string) => void;
  /** The same bottom-of-pipeline client for blob uploads (the dry-run recorder); default real HTTP. */
  readonly httpClient?: HttpClient;
  /** Interval between polls of long-running operations and of the job. */
  readonly pollIntervalMs: number;
  /** How long one long-running operation (endpoint, deployment, cancel) may take. */
  readonly lroDeadlineMs: number;
}

/** Options the SDK's `begin...AndWait` calls take: our polling interval and the deadline as an abort signal. */
export interface LroOptions {
  readonly updateIntervalInMs: number;
  readonly abortSignal: AbortSignal;
}

/**
 * Runs a long-running operation with a deadline. The SDK polls until the operation ends; past the deadline it is
 * abandoned with an error naming the operation and the limit (the operation itself may still finish in Azure).
 */
export async function withDeadline<T>(
  ctx: AzureContext,
  what: string,
  run: (options: LroOptions) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(ctx.lroDeadlineMs);
  try {
    return await run({ updateIntervalInMs: ctx.pollIntervalMs, abortSignal: signal });
  } catch (error) {
    if (signal.aborted) {
      throw new CliError(
        `${what} did not finish within ${(ctx.lroDeadlineMs / 1000).toFixed(ctx.lroDeadlineMs < 10_000 ? 1 : 0)} s; ` +
          "check it in Azure ML studio " +
          "and re-run (MLOPS_LRO_DEADLINE_S raises the limit)",
      );
    }
    throw error;
  }
}
