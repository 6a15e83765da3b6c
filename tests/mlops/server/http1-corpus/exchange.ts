import { createHash } from "node:crypto";
import { connect } from "node:net";

/**
 * How long a connection must stay silent (nothing received, not closed) before the exchange ends as "open": the
 * server has answered what it could and waits for more bytes.
 */
const SETTLE_MS = 150;

/** Printable ASCII stays, everything else becomes \xHH: verdicts are plain one-line text. */
export function escapeBytes(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c < 0x7f && c !== 0x5c ? text[i] : `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/**
 * What an echo server says about one request it accepted: method, target and body (short printable bodies as
 * text, others as length and hash). Both servers of the differential test answer every request with this.
 */
export function echoOf(method: string, target: string, body: Buffer): string {
  const printable = body.length <= 16 && body.every((c) => c >= 0x20 && c < 0x7f && c !== 0x5c);
  const what = printable
    ? JSON.stringify(body.toString("latin1"))
    : `${body.length}b:${createHash("sha256").update(body).digest("hex").slice(0, 8)}`;
  return `${method} ${escapeBytes(target)} ${what}`;
}

interface Parsed {
  status: number;
  echo: string | undefined;
  /** Bytes the response took; -1 when incomplete. */
  used: number;
}

/** One response at the start of `b` (Content-Length framing, or none: then up to the close). */
function parseResponse(b: Buffer, closed: boolean): Parsed | undefined {
  const end = b.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const [line, ...fields] = b.toString("latin1", 0, end).split("\r\n");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(line)?.[1] ?? "0");
  const headers = new Map(
    fields.map((f) => [f.slice(0, f.indexOf(":")).toLowerCase(), f.slice(f.indexOf(":") + 1).trim()]),
  );
  const declared = headers.get("content-length");
  let length: number;
  if (status >= 100 && status < 200) length = 0;
  else if (headers.get("transfer-encoding") === "chunked") {
    length = chunkedLength(b, end + 4);
    if (length < 0) return undefined;
  } else if (declared !== undefined) length = Number(declared);
  else if (!closed) return undefined;
  else length = b.length - end - 4; // no length: the body runs to the close
  if (b.length < end + 4 + length) return undefined;
  return { status, echo: headers.get("x-echo"), used: end + 4 + length };
}

/** The bytes of the chunked body at `b[start...]` (without trailers: servers send none), -1 if incomplete. */
function chunkedLength(b: Buffer, start: number): number {
  let i = start;
  for (;;) {
    const lf = b.indexOf("\r\n", i);
    if (lf < 0) return -1;
    const size = Number.parseInt(b.toString("latin1", i, lf), 16);
    i = lf + 2 + size + 2;
    if (i > b.length) return -1;
    if (size === 0) return i - start;
  }
}

/** How one exchange runs. */
export interface ExchangeOptions {
  /** Bounds the whole exchange (default 3 s). */
  readonly timeoutMs?: number;
  /** End the client's side right after the request. */
  readonly halfClose?: boolean;
  /** Silence that ends the exchange as "open" (default SETTLE_MS). */
  readonly settleMs?: number;
}

/**
 * Sends `request` (latin1: one byte per character) on a fresh connection to 127.0.0.1:`port` in one write and
 * describes what came back: each answer (`200 METHOD target body`, or a bare status such as `400`), then `close`
 * (the server closed), `reset` (the connection was reset) or `open` (silent for a while, still open), joined by
 * " | ". `timeoutMs` bounds the whole exchange. With `halfClose` the client ends its side after the request, so
 * the exchange ends as soon as the server has answered what it read (the last word is then always `close`).
 */
export function exchange(port: number, request: string, options: ExchangeOptions = {}): Promise<string> {
  const { timeoutMs = 3000, halfClose = false, settleMs = SETTLE_MS } = options;
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1", noDelay: true });
    let received = Buffer.alloc(0);
    let settle: NodeJS.Timeout | undefined;
    let ended: string | undefined;
    const finish = (how: string) => {
      if (ended !== undefined) return;
      ended = how;
      clearTimeout(settle);
      clearTimeout(deadline);
      socket.destroy();
      const answers: string[] = [];
      let rest = received;
      for (;;) {
        const r = parseResponse(rest, how !== "open");
        if (r === undefined) break;
        answers.push(r.echo === undefined ? String(r.status) : `${r.status} ${r.echo}`);
        rest = rest.subarray(r.used);
        if (r.used === 0) break;
      }
      if (rest.length > 0)
        answers.push(`unparsed ${JSON.stringify(escapeBytes(rest.toString("latin1").slice(0, 60)))}`);
      resolve([...answers, how].join(" | "));
    };
    const rearm = () => {
      clearTimeout(settle);
      settle = setTimeout(() => finish("open"), settleMs);
    };
    const deadline = setTimeout(() => finish("open"), timeoutMs);
    socket.on("connect", () => {
      if (halfClose) socket.end(Buffer.from(request, "latin1"));
      else socket.write(Buffer.from(request, "latin1"));
      rearm();
    });
    socket.on("data", (d: Buffer) => {
      received = Buffer.concat([received, d]);
      rearm();
    });
    socket.on("end", () => finish("close"));
    socket.on("close", () => finish("close"));
    socket.on("error", (e: NodeJS.ErrnoException) => finish(e.code === "ECONNRESET" ? "reset" : `error ${e.code}`));
  });
}

/** Runs `work` over `items` with at most `width` at a time, results in input order. */
export async function pooled<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
