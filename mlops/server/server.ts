import type { Server } from "node:net";
import type { Predictor } from "../contract/index.js";
import { tooLargeMessage } from "./body.js";
import { createHandler, type Exchange, type HandlerConfig } from "./handler.js";
import { type App, type Limits, listenHttp1 } from "./http1/index.js";
import { type LogSink, RequestLog } from "./log.js";
import { gatedApp } from "./readiness.js";

/** Azure ML's inference server listens on 5001 too. */
export const DEFAULT_PORT = 5001;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY_BYTES = 2 ** 20;

export interface ServerOptions extends Partial<Omit<HandlerConfig, "log" | "predictor">> {
  /**
   * The model. A promise makes the server listen at once and answer as it loads: `GET /` 200, everything else 503
   * (`GET /ready` included) until the promise resolves, then as usual; the example request is then the model's own.
   */
  readonly predictor: Predictor | Promise<Predictor>;
  /** Largest request body in bytes (413 beyond it). @default 1 MiB */
  readonly maxBodyBytes?: number;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Time a client has to send the request headers (408 after). */
  readonly headersTimeoutMs?: number;
  /** Time a client has to send the whole request, headers and body (408 after). */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. @default 5000 */
  readonly keepAliveTimeoutMs?: number;
  /** How long a connection the server closed drains what the client still sends (so it reads the answer). @default 2000 */
  readonly lingerMs?: number;
  /** How long shutdown waits for in-flight requests before closing their connections. */
  readonly shutdownTimeoutMs?: number;
  /** Where the JSON log lines go (default stdout). */
  readonly logSink?: LogSink;
  /** Largest log write; below PIPE_BUF (4096) when processes share stdout, so their lines never interleave. */
  readonly logBatchBytes?: number;
}

/** A listening scoring server. */
export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  /** Resolves once the model is loaded and served; rejects with the load's error (the server keeps answering 503). */
  readonly ready: Promise<void>;
  /**
   * Graceful stop: no new connections (then `onStopAccepting` is called), in-flight requests finish (up to the
   * shutdown timeout), logs flushed.
   */
  close(onStopAccepting?: () => void): Promise<void>;
}

/** Starts the scoring server (Azure ML inference-server contract) on `host:port`. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = new RequestLog(options.logSink ?? process.stdout, 50, options.logBatchBytes);
  const appFor = (predictor: Predictor) =>
    createHandler({
      predictor,
      title: options.title ?? "scoring",
      example: options.example ?? (predictor.example ? { data: predictor.example } : undefined),
      key: options.key,
      log,
    });
  let app: App<Exchange>;
  let ready: Promise<void>;
  if (options.predictor instanceof Promise) {
    const gate = gatedApp(log);
    app = gate.app;
    ready = options.predictor.then((predictor) => gate.open(appFor(predictor)));
    ready.catch(() => {}); // the caller awaits it; an unawaited rejection must not end the process first
  } else {
    app = appFor(options.predictor);
    ready = Promise.resolve();
  }
  const limits: Limits = {
    maxHeadBytes: 16 * 1024,
    maxBodyBytes,
    headersTimeoutMs,
    requestTimeoutMs: Math.max(options.requestTimeoutMs ?? 30_000, headersTimeoutMs),
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 5_000,
    lingerMs: options.lingerMs ?? 2_000,
    tooLarge: (what) => tooLargeMessage(what, maxBodyBytes),
  };
  const http = await listenHttp1(app, limits, options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST);
  const { address, port, family } = http.address;
  return {
    url: urlOf(address, port, family === "IPv6"),
    server: http.net,
    ready,
    async close(onStopAccepting) {
      await http.close(options.shutdownTimeoutMs ?? 10_000, onStopAccepting);
      log.flush();
    },
  };
}

/** The base URL of a listening address (IPv6 addresses in brackets). */
export function urlOf(address: string, port: number, ipv6: boolean): string {
  return `http://${ipv6 ? `[${address}]` : address}:${port}`;
}
