import { type AddressInfo, createServer, type Server } from "node:net";
import type { Answer, App, Limits, Shared } from "./app.js";
import { Connection } from "./connection.js";
import { readIntoSharedBuffer } from "./shared-read.js";

/** A listening HTTP/1.1 server. */
export interface Http1Server {
  readonly net: Server;
  readonly address: AddressInfo;
  /**
   * Graceful stop: no new connections (`onStopAccepting` is called once the listener is closed), idle ones close
   * now, requests in progress finish and their answers close their connections, connections that never sent a
   * byte get a second; after `timeoutMs` whatever is left is cut off.
   */
  close(timeoutMs: number, onStopAccepting?: () => void): Promise<void>;
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
  const server: Server = createServer({ noDelay: true, pauseOnConnect: true }, (accepted) => {
    const socket = readIntoSharedBuffer(accepted, server, (chunk) => connection.read(chunk));
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
    close(timeoutMs, onStopAccepting) {
      closed ??= new Promise<void>((resolve) => {
        shared.closing = true;
        const force = setTimeout(() => {
          for (const connection of connections) connection.socket.destroy();
        }, timeoutMs).unref();
        // One loop turn later: connections the kernel completed before the stop are accepted first (closing the
        // listener would reset them), and requests whose bytes came with the signal are read, so not idle.
        setImmediate(() => {
          server.close(() => {
            clearTimeout(force);
            clearInterval(timer);
            resolve();
          });
          onStopAccepting?.();
          for (const connection of connections) connection.closeIfIdle();
        });
      });
      return closed;
    },
  };
}
