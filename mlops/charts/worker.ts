// The chart worker's code (a worker_threads Worker started by drawer.ts): loads the renderer as soon as it starts,
// then renders each batch of specs it is sent to PNG bytes. The charts cost a process over a second of CPU (vega and
// vega-lite loading, resvg's WebAssembly on its baseline compiler); here that runs on another core while the train
// step fits, saves and checks the model. In a bundle this file is its own entry, steps/chart-worker.mjs.
import { isMainThread, parentPort } from "node:worker_threads";
import { prewarmCharts, renderPng } from "./render.js";
import type { ChartSpec } from "./theme.js";

/** A batch to render: specs by chart name. */
export interface ChartRequest {
  readonly id: number;
  readonly charts: Readonly<Record<string, ChartSpec>>;
}

/** A batch rendered (PNG bytes and milliseconds, by chart name), or the message of the first failure. */
export type ChartReply =
  | { readonly id: number; readonly pngs: Record<string, Uint8Array>; readonly ms: Record<string, number> }
  | { readonly id: number; readonly error: string };

async function renderAll(request: ChartRequest): Promise<ChartReply> {
  const pngs: Record<string, Uint8Array> = {};
  const ms: Record<string, number> = {};
  for (const name of Object.keys(request.charts).sort()) {
    const start = performance.now();
    try {
      pngs[name] = await renderPng(request.charts[name]);
    } catch (error) {
      return { id: request.id, error: `chart ${name}: ${(error as Error).message}` };
    }
    ms[name] = performance.now() - start;
  }
  return { id: request.id, pngs, ms };
}

// Imported on the main thread (a test, a bundle that inlines it) this file does nothing.
if (!isMainThread && parentPort) {
  const port = parentPort;
  prewarmCharts();
  port.on("message", (request: ChartRequest) => {
    renderAll(request).then((reply) => {
      const buffers = "pngs" in reply ? Object.values(reply.pngs).map((png) => png.buffer as ArrayBuffer) : [];
      port.postMessage(reply, buffers);
    });
  });
}
