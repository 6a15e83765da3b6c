import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHandler, type HandlerConfig, type Scorer } from "./handler.js";
import { type LogSink, RequestLog } from "./log.js";

/** Azure ML's inference server listens on 5001 too. */
export const DEFAULT_PORT = 5001;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_MAX_BODY_BYTES = 2 ** 20;

export interface ServerOptions extends Partial<Omit<HandlerConfig, "log" | "scorer">> {
  readonly scorer: Scorer;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Time a client has to send the request headers (408 after). */
  readonly headersTimeoutMs?: number;
  /** Time a client has to send the whole request, headers and body (408 after). */
  readonly requestTimeoutMs?: number;
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
  /** Graceful stop: no new connections, in-flight requests finish (up to the shutdown timeout), logs flushed. */
  close(): Promise<void>;
}

/** Starts the scoring server (Azure ML inference-server contract) on `host:port`. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const headersTimeoutMs = options.headersTimeoutMs ?? 10_000;
  const requestTimeoutMs = Math.max(options.requestTimeoutMs ?? 30_000, headersTimeoutMs);
  const log = new RequestLog(options.logSink ?? process.stdout, 50, options.logBatchBytes);
  const handler = createHandler({
    scorer: options.scorer,
    title: options.title ?? "scoring",
    example: options.example,
    key: options.key,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    log,
  });
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      // Node checks these timeouts every connectionsCheckingInterval, with no timer per request.
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.max(10, headersTimeoutMs / 4)),
      keepAliveTimeout: 5_000,
    },
    handler.handle,
  );
  server.on("clientError", handler.clientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: urlOf(address.address, address.port, address.family === "IPv6"),
    server,
    close() {
      closed ??= new Promise<void>((resolve) => {
        handler.closing();
        const force = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000).unref();
        server.close(() => {
          clearTimeout(force);
          log.flush();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}

/** The base URL of a listening address (IPv6 addresses in brackets). */
export function urlOf(address: string, port: number, ipv6: boolean): string {
  return `http://${ipv6 ? `[${address}]` : address}:${port}`;
}
