// Runs a sweep's trials in worker processes (node:child_process fork of trial-worker.ts), one trial per worker at a
// time, the next trial going to whichever worker answers first. Processes, not threads: a trial is CPU-bound model
// code, and a crash or a leak in one stays in its process.
import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TrialReply, TrialRequest, WorkerReady } from "./protocol.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The worker module and the Node flags it needs: from source, the .ts file through tsx's loader. */
function workerEntry(): { file: string; execArgv: string[] } {
  const source = join(here, "trial-worker.ts");
  if (existsSync(source)) return { file: source, execArgv: ["--import", "tsx"] };
  // A bundle would ship the worker as its own entry beside the step; Azure ML runs its own trials, so none does yet.
  return { file: join(here, "trial-worker.mjs"), execArgv: [] };
}

/** Options of {@link runTrials}. */
export interface PoolOptions {
  /** Worker processes to start (at most one per trial). */
  readonly workers: number;
  /** Called as each trial ends, in the order they end. */
  readonly onReply?: (reply: TrialReply) => void;
}

/**
 * Trains every requested trial in `workers` processes and resolves to the replies in trial order. A trial that
 * throws is a failed reply (its error kept); a worker that dies fails its trial and the others carry on.
 */
export function runTrials(requests: readonly TrialRequest[], options: PoolOptions): Promise<TrialReply[]> {
  const count = Math.max(1, Math.min(options.workers, requests.length));
  const replies = new Map<number, TrialReply>();
  const queue = [...requests];
  const entry = workerEntry();
  return new Promise((resolve) => {
    let alive = 0;
    const finish = () => {
      if (replies.size < requests.length && alive > 0) return;
      for (const r of queue.splice(0)) {
        replies.set(r.trial, { trial: r.trial, ok: false, error: "no sweep worker was left to run it", seconds: 0 });
      }
      resolve(requests.map((r) => replies.get(r.trial) as TrialReply));
    };
    const record = (reply: TrialReply) => {
      replies.set(reply.trial, reply);
      options.onReply?.(reply);
    };
    for (let i = 0; i < count; i++) {
      const child: ChildProcess = fork(entry.file, [], {
        execArgv: entry.execArgv,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      alive++;
      let current: TrialRequest | undefined;
      const next = () => {
        current = queue.shift();
        if (current) child.send(current);
        else child.disconnect(); // no work left: the worker's IPC channel closes and it exits
      };
      child.on("message", (message: TrialReply | WorkerReady) => {
        if ("ready" in message) return next();
        record(message);
        next();
      });
      child.on("exit", (code, signal) => {
        alive--;
        if (current && !replies.has(current.trial)) {
          const why = signal ? `signal ${signal}` : `code ${code}`;
          record({ trial: current.trial, ok: false, error: `the sweep worker died (${why})`, seconds: 0 });
        }
        current = undefined;
        finish();
      });
      child.on("error", () => undefined); // reported through exit
    }
  });
}
