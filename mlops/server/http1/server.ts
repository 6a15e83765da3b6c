import { type AddressInfo, createServer, type Server } from "node:net";
import type { Answer, App } from "./app.js";
import { Connection, type Limits, type Shared } from "./connection.js";

/** A listening HTTP/1.1 server. */
export interface Http1Server {
  readonly net: Server;
  readonly address: AddressInfo;
  /**
   * Graceful stop: no new connections, idle ones close now, requests in progress finish and their answers close
   * their connections; after `timeoutMs` whatever is left is cut off.
   */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Listens on `host:port` with a small HTTP/1.1 server of our own on node:net. node:http spends more time per
 * request than scoring one does (streams, header objects, per-request closures); this server parses the bytes
 * directly, answers with one write per request and checks its timeouts once a second for all connections.
 */
export async function listenHttp1<X extends Answer>(
  app: App<X>,
  limits: Limits,
  port: number,
  host: string,
): Promise<Http1Server> {
  const shared: Shared = { date: new Date().toUTCString(), closing: false };
  const connections = new Set<Connection<X>>();
  const server = createServer({ noDelay: true }, (socket) => {
    const connection = new Connection(socket, app, limits, shared);
    connections.add(connection);
    socket.once("close", () => connections.delete(connection));
    if (shared.closing) connection.closeIfIdle();
  });
  const tickMs = Math.min(1_000, Math.max(10, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4));
  const timer = setInterval(() => {
    shared.date = new Date().toUTCString();
    const now = performance.now();
    for (const connection of connections) connection.check(now);
  }, tickMs).unref();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    net: server,
    address: server.address() as AddressInfo,
    close(timeoutMs) {
      closed ??= new Promise<void>((resolve) => {
        shared.closing = true;
        const force = setTimeout(() => {
          for (const connection of connections) connection.socket.destroy();
        }, timeoutMs).unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(timer);
          resolve();
        });
        for (const connection of connections) connection.closeIfIdle();
      });
      return closed;
    },
  };
}
