import type { IncomingMessage } from "node:http";
import { HttpError } from "./http-error.js";

const JSON_SUFFIX = /^application\/[\w.+-]+\+json$/;
const UTF8 = /^charset="?utf-?8"?$/;

/**
 * Refuses bodies that are not JSON: `application/json` or any `+json` type, UTF-8 only. A missing Content-Type is
 * accepted (some clients omit it for JSON); form posts (curl -d's default) are the usual mistake this catches.
 */
export function checkContentType(header: string | undefined): void {
  if (header === undefined || header === "application/json") return;
  const [type, ...params] = header.toLowerCase().split(";");
  const mediaType = type.trim();
  if (mediaType !== "application/json" && !JSON_SUFFIX.test(mediaType)) {
    throw new HttpError(415, `Content-Type ${JSON.stringify(header)} is not JSON: send Content-Type: application/json`);
  }
  const charset = params.map((p) => p.trim()).find((p) => p.startsWith("charset="));
  if (charset && !UTF8.test(charset))
    throw new HttpError(415, `${charset} is not supported: send the body as UTF-8 JSON`);
}

/** The client went away before sending the whole body (or was cut off by the request timeout). */
export class ClientGone extends Error {}

/** A declared Content-Length over the limit: refused before reading a byte. */
export function checkDeclaredLength(req: IncomingMessage, maxBytes: number): void {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(`${declared} bytes`, maxBytes);
}

/** Where a request body goes: `body` is called exactly once, with the whole body or the reason there is none. */
export interface BodyTarget {
  body(error: Error | null, body: Buffer | undefined): void;
}

const READING = Symbol("reading");
type Reading = IncomingMessage & { [READING]: BodyState };

/** One request's buffering state. Listeners below are shared module functions: no closures per request. */
class BodyState {
  first: Buffer | undefined = undefined;
  chunks: Buffer[] | undefined = undefined;
  size = 0;
  settled = false;
  constructor(
    readonly maxBytes: number,
    readonly target: BodyTarget,
  ) {}

  settle(error: Error | null, body?: Buffer): void {
    if (this.settled) return;
    this.settled = true;
    this.target.body(error, body);
  }
}

function onData(this: Reading, chunk: Buffer): void {
  const state = this[READING];
  if (state.settled) return; // past the limit: the rest is dropped, not buffered
  state.size += chunk.length;
  if (state.size > state.maxBytes) state.settle(tooLarge(`more than ${state.maxBytes} bytes`, state.maxBytes));
  else if (state.first === undefined) state.first = chunk;
  else {
    state.chunks ??= [state.first];
    state.chunks.push(chunk);
  }
}

function onEnd(this: Reading): void {
  const state = this[READING];
  if (state.settled) return;
  state.settle(null, state.chunks ? Buffer.concat(state.chunks, state.size) : (state.first ?? Buffer.alloc(0)));
}

function onClose(this: Reading): void {
  if (this.complete) return;
  this[READING].settle(new ClientGone("the client closed the connection before sending the whole body"));
}

/**
 * Reads the request body, at most `maxBytes`, into `target.body(...)`: past that it answers a 413 at once and stops
 * buffering (the connection is closed after the answer). Slow bodies are cut off by the server's request timeout.
 * This is on every request's path, so it allocates one small state object and no closures (under tsx, each named
 * closure also costs a defineProperty for its name).
 */
export function readBody(req: IncomingMessage, maxBytes: number, target: BodyTarget): void {
  (req as Reading)[READING] = new BodyState(maxBytes, target);
  req.on("data", onData).on("end", onEnd).on("close", onClose).on("error", onClose);
}

function tooLarge(what: string, maxBytes: number): HttpError {
  return new HttpError(
    413,
    `the body is too large (${what}; the limit is ${maxBytes} bytes): split the batch or raise --max-body-bytes`,
    { Connection: "close" },
  );
}
