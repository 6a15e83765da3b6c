import { setTimeout as sleep } from "node:timers/promises";
import type { JobBase } from "@azure/arm-machinelearning";
import { CliError } from "../../errors/index.js";
import { step } from "../client/errors.js";
import { type AzureContext, withDeadline } from "../context.js";
import { studioUrl } from "../workspace.js";

/** Statuses after which a job changes no more. */
const TERMINAL_STATUSES = new Set(["Completed", "Failed", "Canceled", "NotResponding", "Paused"]);

/** Tags the register step puts on the pipeline job before it cancels it (not better, ALLOW_RUN_CANCEL=true). */
export const VERDICT_TAG = "mlops.verdict";
export const VERDICT_REASON_TAG = "mlops.verdict_reason";
/** Tag the register step puts on the pipeline job: `{metrics, verdict, registration, smoke}` as JSON. */
export const RESULT_TAG = "mlops.result";

/** How following ended. */
export interface Followed {
  readonly job: JobBase;
  readonly status: string;
  /** The wait was interrupted (Ctrl-C) before the job ended. */
  readonly interrupted: boolean;
}

/** The job in Azure ML studio (the service's own link when it sent one). */
export function jobLink(ctx: AzureContext, job: JobBase | undefined, name: string): string {
  const studio = job?.properties.services?.Studio?.endpoint;
  return studio ?? studioUrl(ctx.workspace, `runs/${encodeURIComponent(name)}`);
}

/**
 * Polls the job until it ends, printing every status change with the time. `signal` interrupts the wait
 * (the job keeps running; the caller decides whether to cancel it).
 */
export async function followJob(ctx: AzureContext, name: string, signal?: AbortSignal): Promise<Followed> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  let last = "";
  for (;;) {
    const job = await step(`reading job ${name}`, () => ctx.client.jobs.get(rg, ws, name));
    const status = job.properties.status ?? "Unknown";
    if (status !== last) {
      ctx.log(`${new Date().toISOString().slice(11, 19)} ${name}: ${last ? `${last} → ` : ""}${status}`);
      last = status;
    }
    if (TERMINAL_STATUSES.has(status)) return { job, status, interrupted: false };
    const interrupted = await sleep(ctx.pollIntervalMs, false, { signal }).catch(() => true);
    if (interrupted || signal?.aborted) return { job, status, interrupted: true };
  }
}

/** Cancels the job and waits (with the deadline) until Azure ML has accepted the cancellation. */
export async function cancelJob(ctx: AzureContext, name: string): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  await step(`canceling job ${name}`, () =>
    withDeadline(ctx, `canceling job ${name}`, (lro) => ctx.client.jobs.beginCancelAndWait(rg, ws, name, lro)),
  );
}

/**
 * The final summary line(s) and the exit code: Completed → 0; canceled by the evaluation (verdict tags) → 0,
 * as a local run that ends "canceled: not better"; anything else fails with the status and where the logs are.
 */
export function summarize(ctx: AzureContext, followed: Followed, name: string): number {
  const { job, status } = followed;
  const link = jobLink(ctx, job, name);
  const tags = job.properties.tags ?? {};
  if (status === "Completed") {
    ctx.log(`job ${name} Completed — ${link}`);
    return 0;
  }
  if (status === "Canceled" && tags[VERDICT_TAG]) {
    ctx.log(`job ${name} canceled: ${tags[VERDICT_REASON_TAG] ?? tags[VERDICT_TAG]} — ${link}`);
    return 0;
  }
  throw new CliError(`job ${name} ended ${status}; step logs: ${link}`);
}
