// Draws charts in a worker thread (worker.ts): started before the train step reads its data, so loading the
// renderer and the first PNGs run on another core while the step fits, saves and checks the model.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ChartSpec } from "./theme.js";
import type { ChartReply, ChartRequest } from "./worker.js";

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

// What the worker imports without tsx's loader hooks before it registers them for worker.ts: through the hooks,
// vega and vega-lite's hundreds of modules load about twice as slowly (measured: ~260 ms plain, ~530 ms via tsx);
// loaded first, the renderer's later imports of the same URLs are cache hits.
const PLAIN = ["vega", "vega-lite", "@resvg/resvg-wasm"];

function resolvedOrNone(specifier: string): string | undefined {
  try {
    return typeof import.meta.resolve === "function" ? import.meta.resolve(specifier) : undefined;
  } catch {
    return undefined; // not resolvable here: the renderer's own import will say why, in the worker
  }
}

/** The worker: the bundled file beside the step, else worker.ts from source through tsx (registered in the worker). */
function spawn(): Worker {
  const bundled = join(here, CHART_WORKER_BUNDLED);
  if (existsSync(bundled)) return new Worker(bundled);
  const plain = PLAIN.map(resolvedOrNone).filter((url): url is string => url !== undefined);
  const tsx = resolvedOrNone("tsx/esm/api");
  if (tsx === undefined)
    throw new Error(`${bundled} not found and tsx is not installed: rebuild the bundle, or npm ci`);
  const source = pathToFileURL(join(here, "worker.ts")).href;
  const code = `Promise.all(${JSON.stringify(plain)}.map((u) => import(u)))
  .then(() => import(${JSON.stringify(tsx)}))
  .then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  // execArgv []: not the parent's `--import tsx`, which would register the hooks before the plain imports.
  return new Worker(code, { eval: true, execArgv: [] });
}

/**
 * Starts a chart worker now: it loads vega, vega-lite, resvg and the fonts at once, so a later {@link ChartDrawer.draw}
 * finds them ready. The worker does not keep the process alive; close it when done.
 */
export function startChartDrawer(): ChartDrawer {
  const worker = spawn();
  worker.unref();
  const pending = new Map<number, { resolve(r: ChartReply): void; reject(e: Error): void }>();
  let failed: Error | undefined;
  let next = 0;
  const failAll = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  worker.on("message", (reply: ChartReply) => {
    const p = pending.get(reply.id);
    pending.delete(reply.id);
    p?.resolve(reply);
  });
  worker.on("error", (error) => failAll(new Error(`the chart worker failed: ${error.message}`)));
  worker.on("exit", (code) => failAll(new Error(`the chart worker exited (code ${code}) before answering`)));
  return {
    async draw(charts) {
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
      await worker.terminate();
    },
  };
}
