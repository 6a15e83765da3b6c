// Draws charts in a worker thread (worker.ts): started before the train step reads its data, so loading the
// renderer and the first PNGs run on another core while the step fits, saves and checks the model.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ChartSpec } from "./theme.js";
import type { ChartReply, ChartRequest } from "./worker.js";
import { cachedChartWorker } from "./worker-cache.js";

/** The worker's file beside a bundled step (mlops/bundle builds it as its own entry). */
export const CHART_WORKER_BUNDLED = "chart-worker.mjs";

/** A chart rendered in the worker: its PNG bytes and how long rendering took, in milliseconds. */
export interface DrawnChart {
  readonly png: Uint8Array;
  readonly ms: number;
}

/** A started chart worker. */
export interface ChartDrawer {
  /** Renders each spec (in name order); rejects with the first failure's message, naming the chart. */
  draw(charts: Readonly<Record<string, ChartSpec>>): Promise<Record<string, DrawnChart>>;
  /** Stops the worker (pending draws reject). */
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/** The worker: the bundled file beside the step; from source, worker.ts pre-bundled by esbuild (worker-cache.ts). */
async function spawn(): Promise<Worker> {
  const bundled = join(here, CHART_WORKER_BUNDLED);
  if (existsSync(bundled)) return new Worker(bundled);
  // execArgv []: plain JavaScript needs no `--import tsx`, whose loader hooks would slow every import.
  return new Worker(await cachedChartWorker(), { execArgv: [] });
}

/**
 * Starts a chart worker now: it loads vega, vega-lite, resvg and the fonts at once, so a later {@link ChartDrawer.draw}
 * finds them ready. The worker does not keep the process alive; close it when done.
 */
export function startChartDrawer(): ChartDrawer {
  const pending = new Map<number, { resolve(r: ChartReply): void; reject(e: Error): void }>();
  let failed: Error | undefined;
  let next = 0;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  const started = spawn().then((worker) => {
    worker.unref();
    worker.on("message", (reply: ChartReply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      p?.resolve(reply);
    });
    worker.on("error", (error) => failAll(new Error(`the chart worker failed: ${error.message}`)));
    worker.on("exit", (code) => failAll(new Error(`the chart worker exited (code ${code}) before answering`)));
    return worker;
  });
  started.catch(() => undefined); // the failure is draw's to report
  return {
    async draw(charts) {
      const worker = await started.catch((error: Error) => {
        throw new Error(`the chart worker could not start: ${error.message}`);
      });
      if (failed) throw failed;
      const id = next++;
      const reply = await new Promise<ChartReply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref(); // an answer is awaited: the process waits for it
        worker.postMessage({ id, charts } satisfies ChartRequest);
      }).finally(() => {
        if (pending.size === 0) worker.unref();
      });
      if ("error" in reply) throw new Error(reply.error);
      return Object.fromEntries(
        Object.keys(reply.pngs).map((name) => [name, { png: reply.pngs[name], ms: reply.ms[name] }]),
      );
    },
    async close() {
      const worker = await started.catch(() => undefined);
      await worker?.terminate();
    },
  };
}
