import type { RequestHead } from "./head.js";

/** One request as the application answers it; `status` 0 means "not answered yet". */
export interface Answer {
  status: number;
  /** Content-Type of `body`. */
  type: string;
  body: string;
  /** Extra response headers (e.g. Allow, WWW-Authenticate). */
  headers: Readonly<Record<string, string>> | undefined;
  /** Echoed as x-ms-request-id. */
  readonly requestId: string;
}

/**
 * What the HTTP/1.1 transport asks of the application. Every call is synchronous: the transport writes the answer
 * as soon as the call returns, so a body handed to `finish` may be reused afterwards.
 */
export interface App<X extends Answer> {
  /** The head has arrived: answer now (set `status`), or leave `status` 0 to receive the body in `finish`. */
  begin(head: RequestHead): X;
  /** The whole body has arrived: set the answer. */
  finish(x: X, body: Buffer): void;
  /** The body did not arrive whole (408 timeout, 413 too large, 400 bad framing, 499 client gone): answer that. */
  fail(x: X, status: number, message: string): void;
  /** The answer was written (or the client is gone): the place to log it. */
  done(x: X): void;
  /** A request refused before its head could be read (400 malformed, 408 too slow, 431 too large). */
  refused(status: number, message: string): void;
}

/** Limits and timeouts of one server, shared by its connections. */
export interface Limits {
  readonly maxHeadBytes: number;
  readonly maxBodyBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** How long a connection the server closed keeps draining what the client sends before it is destroyed. */
  readonly lingerMs: number;
  /** Builds the 413 message for a body of `what` (e.g. "5000 bytes"). */
  readonly tooLarge: (what: string) => string;
}

/** Server-wide state the connections read: the Date header (set once a second) and the shutdown switch. */
export interface Shared {
  date: string;
  closing: boolean;
}

/** The message of a 408. */
export const TIMEOUT = "the request did not arrive in time: send the headers and body promptly";
