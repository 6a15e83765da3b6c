// The request head (request line and header fields) of HTTP/1.1, RFC 9112, parsed straight from the bytes.
// Strict where leniency lets requests be read two ways (request smuggling): CRLF line ends only, no whitespace
// before a colon, no obsolete line folding, one Content-Length, never Content-Length with Transfer-Encoding, and
// the framing fields compared on their bytes (fields.ts).
import { Fields } from "./fields.js";
import { malformed as bad, HeadError, TCHAR, VCHAR } from "./syntax.js";

export { HeadError } from "./syntax.js";

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

// The methods of RFC 9110 §9 and PATCH (RFC 5789), interned: no new string on each request. Any other token is
// refused with 501 (RFC 9110 §9.1, §15.6.2): llhttp refuses methods it does not know, so a front end and this
// server must not disagree on whether `helloGET` (a body read as the next request) is a request.
const KNOWN = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
const KNOWN_METHODS = new Map(KNOWN.map((m) => [m, m]));

/** Parses the head in `b[start, end)`, which ends with the CRLF of its last header line (the blank line excluded). */
export function parseHead(b: Buffer, start: number, end: number): RequestHead {
  let i = start;
  while (i < end && TCHAR[b[i]] === 1) i++;
  if (i === start || b[i] !== 32) throw bad("the request line must be METHOD SP target SP HTTP/1.1");
  const methodEnd = i;
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
  // The whole request line is well-formed: only now is an unknown method a 501 rather than a 400.
  const token = b.toString("latin1", start, methodEnd);
  const method = KNOWN_METHODS.get(token);
  if (method === undefined) {
    const shown = JSON.stringify(token.slice(0, 40));
    throw new HeadError(501, `the method ${shown} is not implemented: use one of ${KNOWN.join(", ")}`);
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
    fields.add(b, nameStart, nameEnd, valueStart, valueEnd, i);
    i += 2;
  }
  return fields.head(method, target);
}

/**
 * Whether b[i, n) holds a line end other than CRLF: an LF without a CR before it, or a CR followed by anything but
 * an LF. Such a head never ends with CRLFCRLF: it is refused now rather than after the headers timeout.
 */
export function hasBareLineEnd(b: Buffer, i: number, n: number): boolean {
  for (let lf = b.indexOf(10, i); lf >= 0 && lf < n; lf = b.indexOf(10, lf + 1))
    if (lf === i || b[lf - 1] !== 13) return true;
  for (let cr = b.indexOf(13, i); cr >= 0 && cr + 1 < n; cr = b.indexOf(13, cr + 1)) if (b[cr + 1] !== 10) return true;
  return false;
}
