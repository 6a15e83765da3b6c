import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { isoNow, type RequestLog } from "./log.js";

export const TIMEOUT = "the request did not arrive in time: send the headers and body promptly";

/**
 * The server's `clientError` listener: malformed HTTP and timeouts, before or while a request is read, get a JSON
 * 4xx written straight onto the socket (there is no response object yet). Sockets cut off by the request timeout
 * go into `timedOut`, so the request being read there logs itself as a 408.
 */
export function answerClientError(log: RequestLog, timedOut: WeakSet<Socket>) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    const status = error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    // Node's own default checks the same: never write into a response that already started.
    const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === "ECONNRESET" || !socket.writable || current?.headersSent) {
      socket.destroy();
      return;
    }
    const message =
      status === 408
        ? TIMEOUT
        : status === 431
          ? "the request headers are too large"
          : `malformed HTTP request (${error.code ?? error.message})`;
    const body = JSON.stringify({ error: message });
    if (status === 408) timedOut.add(socket);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    if (!current) {
      const record = { time: isoNow(), method: "", path: "", durationMs: 0, requestId: "", traceparent: "" };
      log.write({ ...record, status, predictions: 0, error: message });
    }
  };
}
