import cluster from "node:cluster";
import { urlOf } from "./server.js";

/** True in a worker forked by `runWorkers` (it then serves; the primary only supervises). */
export const isClusterWorker = cluster.isWorker;

/**
 * Forks `count` workers that each run the same command and share the listening socket (node:cluster), prints
 * `ready(url)` once all listen, forwards SIGTERM/SIGINT to them for a graceful stop, and resolves with 0 when all
 * exited cleanly (1 when any failed, e.g. on a bad model). `env` is added to each worker's environment.
 */
export function runWorkers(
  count: number,
  ready: (url: string) => void,
  env: Readonly<Record<string, string>> = {},
): Promise<number> {
  return new Promise((resolve) => {
    let listening = 0;
    let failed = false;
    let alive = count;
    const stop = (signal: NodeJS.Signals) => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGTERM"));
    cluster.on("listening", (_worker, address) => {
      if (++listening === count) ready(urlOf(address.address, address.port, address.addressType === 6));
    });
    cluster.on("exit", (_worker, code, signal) => {
      if (code !== 0 || signal) {
        failed = true;
        if (alive === count) stop("SIGTERM"); // one failed before or while starting: stop the others
      }
      if (--alive === 0) resolve(failed ? 1 : 0);
    });
    for (let i = 0; i < count; i++) cluster.fork(env);
  });
}

/** In a worker: drop the IPC channel to the primary (it keeps the process alive) once the server has closed. */
export function leaveCluster(): void {
  cluster.worker?.disconnect();
}
