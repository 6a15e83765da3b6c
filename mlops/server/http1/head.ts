// The request head (request line and header fields) of HTTP/1.1, RFC 9112, parsed straight from the bytes.
// Strict where leniency lets requests be read two ways (request smuggling): CRLF line ends only, no whitespace
// before a colon, no obsolete line folding, one Content-Length, never Content-Length with Transfer-Encoding.

/** What the server reads from a request head; other header fields are checked for syntax, then skipped. */
export interface RequestHead {
  readonly method: string;
  /** The request target as sent (origin form: path and query). */
  readonly target: string;
  /** HTTP/1.0 or HTTP/1.1. */
  readonly minor: 0 | 1;
  /** -1 when absent. */
  readonly contentLength: number;
  readonly chunked: boolean;
  /** The connection stays open after the response (HTTP/1.1 default; HTTP/1.0 with keep-alive). */
  readonly keepAlive: boolean;
  readonly expectContinue: boolean;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly requestId: string | undefined;
  readonly traceparent: string | undefined;
}

/** A malformed head: the server answers `status` with `message` and closes the connection. */
export class HeadError extends Error {
  constructor(
    readonly status: 400 | 417 | 431,
    message: string,
  ) {
    super(message);
  }
}

/** tchar (RFC 9110 §5.6.2): the bytes of header names and methods (1) and the others (0). */
export const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TCHAR[c.charCodeAt(0)] = 1;
}
/** Field-value bytes: visible characters, space, tab and obs-text; no other control characters. */
export const VCHAR = new Uint8Array(256).map((_, c) => (c === 9 || (c >= 32 && c !== 127) ? 1 : 0));

// The lengths of the names Fields.add reads: host, expect, connection, traceparent, content-type, authorization,
// content-length, x-ms-request-id, transfer-encoding.
const WANTED_LENGTHS = new Uint8Array(32);
for (const n of [4, 6, 10, 11, 12, 13, 14, 15, 17]) WANTED_LENGTHS[n] = 1;

const bad = (message: string) => new HeadError(400, `malformed HTTP request (${message})`);
// Interned names for the usual methods: no new string on each request.
const KNOWN_METHODS = new Map(["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"].map((m) => [m, m]));

/** Parses the head in `b[start, end)`, which ends with the CRLF of its last header line (the blank line excluded). */
export function parseHead(b: Buffer, start: number, end: number): RequestHead {
  let i = start;
  while (i < end && TCHAR[b[i]] === 1) i++;
  if (i === start || b[i] !== 32) throw bad("the request line must be METHOD SP target SP HTTP/1.1");
  const token = b.toString("latin1", start, i);
  const method = KNOWN_METHODS.get(token) ?? token;
  const targetStart = ++i;
  while (i < end && b[i] > 32 && b[i] < 127) i++;
  if (i === targetStart || b[i] !== 32) throw bad("the request target must be visible ASCII, without spaces");
  const target = b.toString("latin1", targetStart, i);
  i++;
  // "HTTP/1.x" CRLF
  if (
    b[i] !== 72 ||
    b[i + 1] !== 84 ||
    b[i + 2] !== 84 ||
    b[i + 3] !== 80 ||
    b[i + 4] !== 47 ||
    b[i + 5] !== 49 ||
    b[i + 6] !== 46 ||
    (b[i + 7] !== 49 && b[i + 7] !== 48) ||
    b[i + 8] !== 13 ||
    b[i + 9] !== 10
  ) {
    throw bad("the request line must end with HTTP/1.1 or HTTP/1.0");
  }
  const minor = b[i + 7] === 49 ? 1 : 0;
  i += 10;
  const fields = new Fields(minor);
  while (i < end) {
    const nameStart = i;
    while (TCHAR[b[i]] === 1) i++;
    if (i === nameStart || b[i] !== 58) throw bad("a header line must be name: value, without spaces before the colon");
    const nameEnd = i++;
    while (b[i] === 32 || b[i] === 9) i++;
    const valueStart = i;
    while (VCHAR[b[i]] === 1) i++;
    if (b[i] !== 13 || b[i + 1] !== 10) throw bad("header values end with CRLF and hold no control characters");
    let valueEnd = i;
    while (valueEnd > valueStart && (b[valueEnd - 1] === 32 || b[valueEnd - 1] === 9)) valueEnd--;
    fields.add(b, nameStart, nameEnd, valueStart, valueEnd);
    i += 2;
  }
  return fields.head(method, target);
}

/** Collects the header fields the server needs while the head is parsed. */
class Fields {
  contentLength = -1;
  hosts = 0;
  transferEncoding: string | undefined = undefined;
  connection = "";
  expect: string | undefined = undefined;
  contentType: string | undefined = undefined;
  authorization: string | undefined = undefined;
  requestId: string | undefined = undefined;
  traceparent: string | undefined = undefined;
  constructor(readonly minor: 0 | 1) {}

  add(b: Buffer, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const length = nameEnd - nameStart;
    if (WANTED_LENGTHS[length] !== 1) return; // only names of a length we care about become strings
    const name = b.toString("latin1", nameStart, nameEnd).toLowerCase();
    // A string, not a closure: under tsx each named closure costs a defineProperty, on every request.
    const value = name === "content-length" ? "" : b.toString("latin1", valueStart, valueEnd);
    switch (name) {
      case "host":
        this.hosts++;
        break;
      case "content-length": {
        const n = decimalLength(b, valueStart, valueEnd);
        if (this.contentLength !== -1 && this.contentLength !== n) throw bad("two different Content-Length values");
        this.contentLength = n;
        break;
      }
      case "transfer-encoding":
        this.transferEncoding = this.transferEncoding === undefined ? value : `${this.transferEncoding}, ${value}`;
        break;
      case "connection":
        this.connection += `${value.toLowerCase()},`;
        break;
      case "expect":
        this.expect = value;
        break;
      case "content-type":
        this.contentType ??= value;
        break;
      case "authorization":
        this.authorization ??= value;
        break;
      case "x-ms-request-id":
        this.requestId ??= value;
        break;
      case "traceparent":
        this.traceparent ??= value;
        break;
    }
  }

  head(method: string, target: string): RequestHead {
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1 (at most one in 1.0); proxies disagreeing on it enable smuggling.
    if (this.hosts > 1 || (this.minor === 1 && this.hosts === 0)) {
      throw bad(`${this.hosts === 0 ? "no" : "more than one"} Host header: send exactly one`);
    }
    let chunked = false;
    if (this.transferEncoding !== undefined) {
      if (this.contentLength !== -1) throw bad("both Content-Length and Transfer-Encoding: send one of them");
      if (this.transferEncoding.trim().toLowerCase() !== "chunked") {
        throw bad(
          `Transfer-Encoding ${JSON.stringify(this.transferEncoding)} is not supported: send Content-Length or chunked`,
        );
      }
      chunked = true;
    }
    // RFC 9110 §10.1.1: an HTTP/1.0 request's expectations are ignored.
    const expect = this.minor === 1 ? this.expect : undefined;
    if (expect !== undefined && expect.toLowerCase() !== "100-continue") {
      throw new HeadError(417, `Expect ${JSON.stringify(expect)} is not supported: only 100-continue is`);
    }
    const tokens = this.connection;
    // RFC 9112 §6.1: chunked framing in an HTTP/1.0 request is suspect; answer it, then close.
    const keepAlive =
      this.minor === 1
        ? !hasToken(tokens, "close")
        : !chunked && hasToken(tokens, "keep-alive") && !hasToken(tokens, "close");
    return {
      method,
      target,
      minor: this.minor,
      contentLength: this.contentLength,
      chunked,
      keepAlive,
      expectContinue: expect !== undefined,
      contentType: this.contentType,
      authorization: this.authorization,
      requestId: this.requestId,
      traceparent: this.traceparent,
    };
  }
}

/** Whether a comma-separated, lower-cased list (each item followed by a comma) holds `token`. */
function hasToken(list: string, token: string): boolean {
  if (list === "") return false;
  return list.split(",").some((item) => item.trim() === token);
}

/** Content-Length: 1*DIGIT, at most 15 digits (beyond any body limit, below 2^53). */
function decimalLength(b: Buffer, start: number, end: number): number {
  if (end === start || end - start > 15) throw bad("Content-Length must be a number of bytes");
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) throw bad("Content-Length must be a number of bytes");
    n = n * 10 + d;
  }
  return n;
}

/** Whether b[i, n) holds an LF without a CR before it (such a head never ends with CRLFCRLF: refuse it now). */
export function hasBareLf(b: Buffer, i: number, n: number): boolean {
  for (let lf = b.indexOf(10, i); lf >= 0 && lf < n; lf = b.indexOf(10, lf + 1))
    if (lf === i || b[lf - 1] !== 13) return true;
  return false;
}
