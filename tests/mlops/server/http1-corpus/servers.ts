import { createServer, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Answer, App, Limits } from "../../../../mlops/server/http1/index.js";
import { listenHttp1 } from "../../../../mlops/server/http1/index.js";
import { echoOf } from "./exchange.js";

/** A server of the differential test: where it listens and how to stop it. */
export interface EchoServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Body limit of both servers (node:http has none of its own: its handler enforces the same one). */
export const MAX_BODY = 64 * 1024;

class Echo implements Answer {
  status = 0;
  type = "text/plain";
  body = "";
  headers: Record<string, string> | undefined = undefined;
  readonly requestId = "corpus";
  constructor(
    readonly method: string,
    readonly target: string,
  ) {}
}

/** The transport under test (mlops/server/http1) with an app that answers every whole request with its echo. */
export async function startTransportEcho(): Promise<EchoServer> {
  const app: App<Echo> = {
    begin: (head) => new Echo(head.method, head.target),
    finish(x, body) {
      x.status = 200;
      x.headers = { "x-echo": echoOf(x.method, x.target, body) };
    },
    fail(x, status, message) {
      x.status = status;
      x.body = message;
    },
    done() {},
    refused() {},
  };
  const limits: Limits = {
    maxHeadBytes: 16 * 1024,
    maxBodyBytes: MAX_BODY,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 10_000,
    keepAliveTimeoutMs: 10_000,
    lingerMs: 2_000,
    tooLarge: (what) => `the body is too large (${what})`,
  };
  const server = await listenHttp1(app, limits, 0, "127.0.0.1");
  return { port: server.address.port, close: () => server.close(500) };
}

/** The statuses node:http's own clientError handler gives (lib/_http_server.js), 400 for every other error. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/** node:http (llhttp, strict: no insecureHTTPParser) answering every request with the same echo. */
export async function startLlhttpEcho(): Promise<EchoServer> {
  const server = createServer({ maxHeaderSize: 16 * 1024, requireHostHeader: true }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY && !res.headersSent) {
        res.writeHead(413, { connection: "close", "content-length": 0 });
        res.end();
        req.socket.end();
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      res.writeHead(200, {
        "x-echo": echoOf(req.method ?? "", req.url ?? "", Buffer.concat(chunks)),
        "content-length": 0,
      });
      res.end();
    });
  });
  // node:http answers a parse error at once, ahead of the answers to the requests before it (their handlers answer
  // a tick later) and drops those. The same answer, a turn later: every request llhttp read gets its answer first.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    // The client ended its side in the middle of a request: nothing it sent was refused, nothing to answer.
    if (error.code === "HPE_INVALID_EOF_STATE") return void socket.destroy();
    const status = CLIENT_ERROR_STATUS[error.code ?? ""] ?? 400;
    setImmediate(() => {
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`);
      else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
