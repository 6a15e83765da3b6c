import { STATUS_CODES } from "node:http";
import type { Answer } from "./app.js";
import type { RequestHead } from "./head.js";

const STATUS_LINES: Record<number, string> = {};
const statusLine = (status: number) =>
  (STATUS_LINES[status] ??= `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\n`);

/**
 * An answer to `request` as the bytes of one write: status line, headers, body (none for HEAD). `open`: the
 * connection stays open (said explicitly to HTTP/1.0 clients), else `Connection: close`.
 */
export function answerText(x: Answer, date: string, open: boolean, request: RequestHead): string {
  const connection = !open ? "Connection: close\r\n" : request.minor === 0 ? "Connection: keep-alive\r\n" : "";
  const head = request.method === "HEAD";
  let extra = "";
  if (x.headers !== undefined) for (const name in x.headers) extra += `${name}: ${x.headers[name]}\r\n`;
  return `${statusLine(x.status)}Content-Type: ${x.type}\r\nContent-Length: ${Buffer.byteLength(x.body)}\r\nx-ms-request-id: ${x.requestId}\r\n${extra}Date: ${date}\r\n${connection}\r\n${head ? "" : x.body}`;
}

/** A JSON error answer for a request whose head could not be read; the connection closes after it. */
export function refusalText(status: number, message: string, date: string): string {
  const body = JSON.stringify({ error: message });
  return `${statusLine(status)}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nDate: ${date}\r\nConnection: close\r\n\r\n${body}`;
}
