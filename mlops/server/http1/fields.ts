// The header fields the server reads, taken from the bytes of the head. The framing fields (Transfer-Encoding,
// Content-Length, Host, Connection) are compared byte for byte and never become strings: a front end and this
// server must not read them two ways (request smuggling, RFC 9112 §11.2).
import type { RequestHead } from "./head.js";
import { equalsIgnoringCase, HeadError, lower, malformed, obsTextAt } from "./syntax.js";

/** The names read, indexed by their length (each length has exactly one). */
const NAMES: (Uint8Array | undefined)[] = [];
for (const name of [
  "host",
  "expect",
  "connection",
  "traceparent",
  "content-type",
  "authorization",
  "content-length",
  "x-ms-request-id",
  "transfer-encoding",
]) {
  NAMES[name.length] = lower(name);
}
const CHUNKED = lower("chunked");
const CLOSE = lower("close");
const KEEP_ALIVE = lower("keep-alive");
const CONTINUE = "100-continue";

/** Collects the header fields the server needs while the head is parsed (one per request). */
export class Fields {
  contentLength = -1;
  hosts = 0;
  transferEncodings = 0;
  /** The first Transfer-Encoding value that is not exactly `chunked` (kept as text for the error only). */
  unsupported: string | undefined = undefined;
  close = false;
  keepAliveToken = false;
  expect: string | undefined = undefined;
  contentType: string | undefined = undefined;
  authorization: string | undefined = undefined;
  requestId: string | undefined = undefined;
  traceparent: string | undefined = undefined;
  constructor(readonly minor: 0 | 1) {}

  /**
   * One field line: name `b[nameStart, nameEnd)`, value `b[valueStart, valueEnd)` without OWS around it, and
   * `lineEnd` the CR ending the line (the whitespace the value was trimmed of lies before it).
   */
  add(b: Buffer, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, lineEnd: number): void {
    const length = nameEnd - nameStart;
    const name = NAMES[length];
    if (name === undefined || !equalsIgnoringCase(b, nameStart, name)) return;
    // A string, not a closure per case: under tsx each named closure costs a defineProperty, on every request.
    switch (length) {
      case 4: // host: RFC 9112 §3.2, counted (exactly one in HTTP/1.1)
        asciiOnly(b, valueStart, valueEnd, "Host");
        this.hosts++;
        break;
      case 14: // content-length
        noTrailingTab(b, valueEnd, lineEnd, "Content-Length");
        // RFC 9112 §6.3 (5): repeated Content-Length lines may be rejected; llhttp rejects them, so does this.
        if (this.contentLength !== -1) throw malformed("more than one Content-Length header: send one");
        this.contentLength = decimalLength(b, valueStart, valueEnd);
        break;
      case 17: // transfer-encoding
        noTrailingTab(b, valueEnd, lineEnd, "Transfer-Encoding");
        this.transferEncodings++;
        if (!isChunked(b, valueStart, valueEnd)) this.unsupported ??= b.toString("latin1", valueStart, valueEnd);
        break;
      case 10: // connection
        asciiOnly(b, valueStart, valueEnd, "Connection");
        this.#connectionOptions(b, valueStart, valueEnd);
        break;
      case 6:
        this.expect = b.toString("latin1", valueStart, valueEnd);
        break;
      case 12:
        this.contentType ??= b.toString("latin1", valueStart, valueEnd);
        break;
      case 13:
        this.authorization ??= b.toString("latin1", valueStart, valueEnd);
        break;
      case 15:
        this.requestId ??= b.toString("latin1", valueStart, valueEnd);
        break;
      case 11:
        this.traceparent ??= b.toString("latin1", valueStart, valueEnd);
        break;
    }
  }

  /** Checks the fields together and gives the request head (one object: the hot path allocates nothing else). */
  head(method: string, target: string): RequestHead {
    // RFC 9112 §3.2: exactly one Host in HTTP/1.1 (at most one in 1.0); proxies disagreeing on it enable smuggling.
    if (this.hosts > 1 || (this.minor === 1 && this.hosts === 0)) {
      throw malformed(`${this.hosts === 0 ? "no" : "more than one"} Host header: send exactly one`);
    }
    let chunked = false;
    if (this.transferEncodings > 0) {
      if (this.contentLength !== -1) throw malformed("both Content-Length and Transfer-Encoding: send one of them");
      if (this.unsupported !== undefined || this.transferEncodings > 1) {
        const value = this.unsupported ?? "chunked applied more than once";
        throw malformed(`Transfer-Encoding ${JSON.stringify(value)} is not supported: send Content-Length or chunked`);
      }
      chunked = true;
    }
    // RFC 9110 §10.1.1: an HTTP/1.0 request's expectations are ignored.
    const expect = this.minor === 1 ? this.expect : undefined;
    if (expect !== undefined && expect.toLowerCase() !== CONTINUE) {
      throw new HeadError(417, `Expect ${JSON.stringify(expect)} is not supported: only 100-continue is`);
    }
    // RFC 9112 §6.1: chunked framing in an HTTP/1.0 request is suspect; answer it, then close.
    const keepAlive = this.minor === 1 ? !this.close : !chunked && this.keepAliveToken && !this.close;
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

  /** Connection = #connection-option (RFC 9110 §7.6.1): notes `close` and `keep-alive`, in any letter case. */
  #connectionOptions(b: Buffer, i: number, end: number): void {
    while (i < end) {
      // Commas and OWS between items (empty items are allowed and ignored, RFC 9110 §5.6.1.2).
      while (i < end && (b[i] === 44 || b[i] === 32 || b[i] === 9)) i++;
      const start = i;
      while (i < end && b[i] !== 44) i++;
      let last = i;
      while (last > start && (b[last - 1] === 32 || b[last - 1] === 9)) last--;
      if (last - start === 5 && equalsIgnoringCase(b, start, CLOSE)) this.close = true;
      else if (last - start === 10 && equalsIgnoringCase(b, start, KEEP_ALIVE)) this.keepAliveToken = true;
    }
  }
}

/**
 * Transfer-Encoding is exactly `chunked` (any letter case), after empty list items (RFC 9110 §5.6.1.2). Nothing may
 * follow it, not even an empty item: RFC 9112 §6.3 (4) wants chunked to be the final coding, and llhttp reads a
 * trailing comma as another coding.
 */
function isChunked(b: Buffer, start: number, end: number): boolean {
  let i = start;
  while (i < end && (b[i] === 44 || b[i] === 32 || b[i] === 9)) i++;
  return end - i === 7 && equalsIgnoringCase(b, i, CHUNKED);
}

/** A framing value holds ASCII only: obs-text there is read as whitespace by some parsers and not by others. */
function asciiOnly(b: Buffer, start: number, end: number, what: string): void {
  const at = obsTextAt(b, start, end);
  if (at >= 0) {
    throw malformed(`the ${what} header holds the byte 0x${b[at].toString(16).toUpperCase()}: send ASCII only`);
  }
}

/**
 * llhttp refuses an HTAB after a Content-Length or Transfer-Encoding value (while it takes an SP there): a front
 * end that trims it and one that does not would disagree on the framing, so it is refused here too.
 */
function noTrailingTab(b: Buffer, valueEnd: number, lineEnd: number, what: string): void {
  // Only SP and HTAB lie between the trimmed value and the line's CR.
  for (let i = valueEnd; i < lineEnd; i++) {
    if (b[i] === 9) throw malformed(`a tab after the ${what} value: end the line right after it`);
  }
}

/** Content-Length: 1*DIGIT, at most 15 digits (beyond any body limit, below 2^53). */
function decimalLength(b: Buffer, start: number, end: number): number {
  if (end === start || end - start > 15) throw malformed("Content-Length must be a number of bytes");
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) throw malformed("Content-Length must be a number of bytes");
    n = n * 10 + d;
  }
  return n;
}
