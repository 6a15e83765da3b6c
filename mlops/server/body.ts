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

/**
 * Reads the request body, at most `maxBytes`: past that it answers a 413 at once and stops buffering (the
 * connection is closed after the answer). Slow bodies are cut off by the server's request timeout. A callback, not a
 * promise: this is on every request's path.
 */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  done: (error: Error | null, body?: Buffer) => void,
): void {
  let first: Buffer | undefined;
  let chunks: Buffer[] | undefined;
  let size = 0;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      stop();
      done(tooLarge(`more than ${maxBytes} bytes`, maxBytes));
    } else if (first === undefined) first = chunk;
    else {
      chunks ??= [first];
      chunks.push(chunk);
    }
  };
  const onEnd = () => {
    stop();
    done(null, chunks ? Buffer.concat(chunks, size) : (first ?? Buffer.alloc(0)));
  };
  const onClose = () => {
    if (req.complete) return;
    stop();
    done(new ClientGone("the client closed the connection before sending the whole body"));
  };
  const stop = () => {
    req.off("data", onData).off("end", onEnd).off("close", onClose).off("error", onClose);
  };
  req.on("data", onData).on("end", onEnd).on("close", onClose).on("error", onClose);
}

function tooLarge(what: string, maxBytes: number): HttpError {
  return new HttpError(
    413,
    `the body is too large (${what}; the limit is ${maxBytes} bytes): split the batch or raise --max-body-bytes`,
    { Connection: "close" },
  );
}
