import { createInterface } from "node:readline/promises";
import type { AzureContext } from "../context.js";
import { cancelJob, type Followed, followJob, jobLink } from "./follow.js";

/** Where the question goes when Ctrl-C arrives in a terminal. */
export interface Terminal {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

/** Exit code after Ctrl-C (128 + SIGINT). */
export const INTERRUPTED = 130;

/** How following ended: the job's last state, and whether Ctrl-C cut it short (exit 130). */
export interface FollowOutcome {
  readonly followed: Followed;
  readonly interrupted: boolean;
}

/**
 * Follows the job to its end. Ctrl-C (or `interrupt` aborting) stops the wait: in a terminal it asks whether to
 * cancel the job in Azure ML; without one (a CI agent being canceled) it cancels at once and waits for the job to
 * report Canceled.
 */
export async function followUntilDone(
  ctx: AzureContext,
  name: string,
  terminal: Terminal = { input: process.stdin, output: process.stdout },
  interrupt?: AbortSignal,
): Promise<FollowOutcome> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once("SIGINT", onSigint);
  interrupt?.addEventListener("abort", onSigint, { once: true });
  try {
    const followed = await followJob(ctx, name, controller.signal);
    if (!followed.interrupted) return { followed, interrupted: false };
    const cancel = terminal.input.isTTY ? await confirm(terminal, `\ncancel job ${name} in Azure ML? [y/N] `) : true;
    if (!cancel) {
      ctx.log(`job ${name} keeps running: ${jobLink(ctx, followed.job, name)}`);
      return { followed, interrupted: true };
    }
    await cancelJob(ctx, name);
    const ended = await followJob(ctx, name);
    ctx.log(`job ${name} ${ended.status} (canceled on request)`);
    return { followed: ended, interrupted: true };
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

async function confirm(terminal: Terminal, question: string): Promise<boolean> {
  const rl = createInterface({ input: terminal.input, output: terminal.output });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
