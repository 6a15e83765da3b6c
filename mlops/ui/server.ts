// The UI's HTTP server: hono's Node adapter on 127.0.0.1 by default (this machine only: the pages show paths and
// metrics of private work).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createUiApp } from "./app.js";

/** The default port of `mlops ui` (MLflow's `mlflow ui` uses 5000; this one stays clear of it). */
export const UI_DEFAULT_PORT = 5050;
/** The default interface: this machine only. */
export const UI_DEFAULT_HOST = "127.0.0.1";

/** A listening UI server. */
export interface UiServer {
  /** `http://<host>:<port>` (the real port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the UI over `home`; rejects with an error naming the address and the fix when it cannot listen. */
export async function startUi(options: {
  readonly home: string;
  readonly port?: number;
  readonly host?: string;
}): Promise<UiServer> {
  const host = options.host ?? UI_DEFAULT_HOST;
  const port = options.port ?? UI_DEFAULT_PORT;
  const app = createUiApp(options.home);
  // The runs page once before listening: every run.json is read and the page rendered while nobody waits, so the
  // first visitor gets the warm answer (a folder of 1,000 runs takes a few hundred ms to read cold).
  await app.request("/");
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const fix =
        error.code === "EADDRINUSE" ? "pick another with --port P (0 picks a free one)" : "check --host and --port";
      reject(new Error(`mlops ui cannot listen on ${host}:${port} (${error.code ?? error.message}): ${fix}`));
    });
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
