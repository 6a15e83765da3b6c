import { STATUS_CODES } from "node:http";
import type { Answer } from "./app.js";

const STATUS_LINES: Record<number, string> = {};
const statusLine = (status: number) =>
  (STATUS_LINES[status] ??= `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Unknown"}\r\n`);

/**
 * An answer as the bytes of one write: status line, headers, body (none for HEAD). `connection` is the
 * Connection header line, or "" when the HTTP/1.1 default (keep-alive) holds.
 */
export function answerText(x: Answer, date: string, connection: string, head: boolean): string {
  let extra = "";
  if (x.headers !== undefined) for (const name in x.headers) extra += `${name}: ${x.headers[name]}\r\n`;
  return `${statusLine(x.status)}Content-Type: ${x.type}\r\nContent-Length: ${Buffer.byteLength(x.body)}\r\nx-ms-request-id: ${x.requestId}\r\n${extra}Date: ${date}\r\n${connection}\r\n${head ? "" : x.body}`;
}

/** A JSON error answer for a request whose head could not be read; the connection closes after it. */
export function refusalText(status: number, message: string, date: string): string {
  const body = JSON.stringify({ error: message });
  return `${statusLine(status)}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nDate: ${date}\r\nConnection: close\r\n\r\n${body}`;
}
