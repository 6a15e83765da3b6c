// Decoding of Transfer-Encoding: chunked (RFC 9112 §7.1), fed with whatever bytes have arrived.
import { BodyBuffer } from "./body-buffer.js";
import { equalsIgnoringCase, lower, quotedStringEnd, skipOws, skipToken, TCHAR, VCHAR } from "./syntax.js";

/**
 * A chunked body the server refuses, answering `status` and closing the connection: 400 when it breaks the framing
 * rules, 413 for a chunk-size line past its limit (long extensions), 431 for trailers past theirs.
 */
export class ChunkedError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 431 = 400,
  ) {
    super(message);
  }
}
/** A chunked body past the size limit (its data, or its framing: 1-byte chunks, many extensions): 413. */
export class ChunkedTooLarge extends Error {}

const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILER = 3;
const DONE = 4;

/** The longest chunk-size line (size and extensions; llhttp's limit on extensions too) and trailer section. */
const MAX_LINE = 16 * 1024;
const MAX_TRAILER = 16 * 1024;
const CONTENT_LENGTH = lower("content-length");
const TRANSFER_ENCODING = lower("transfer-encoding");
/** Framing allowed on top of the data limit: sizes, CRLFs, extensions (read and ignored), trailers. */
const FRAMING_BYTES = 64 * 1024;

/**
 * One chunked body being decoded. Its data is copied into one buffer that grows up to the limit (views of the
 * socket's reads would pin every read buffer), and every byte read, framing included, counts against the limit.
 */
export class ChunkedBody {
  readonly #data: BodyBuffer;
  #wire = 0;
  #state = SIZE;
  #left = 0;
  #trailer = 0;

  constructor(private readonly maxBytes: number) {
    this.#data = new BodyBuffer(maxBytes);
  }

  get done(): boolean {
    return this.#state === DONE;
  }

  /** The data so far (the whole body once `done`). */
  get body(): Buffer {
    return this.#data.bytes;
  }

  /**
   * Consumes `b[i, end)` up to the end of the body and returns where it stopped: the next request starts there
   * when `done`; otherwise the bytes from there on (a line not yet whole) must be fed again with the next ones.
   */
  feed(b: Buffer, i: number, end: number): number {
    const start = i;
    while (i < end && this.#state !== DONE) {
      switch (this.#state) {
        case SIZE: {
          const lf = lineEnd(b, i, end, MAX_LINE, "chunk size line", 413);
          if (lf < 0) return this.#count(start, i);
          this.#left = chunkSize(b, i, lf - 1);
          if (this.#data.size + this.#left > this.maxBytes) throw new ChunkedTooLarge();
          this.#state = this.#left === 0 ? TRAILER : DATA;
          i = lf + 1;
          break;
        }
        case DATA: {
          const take = Math.min(this.#left, end - i);
          this.#data.append(b, i, take);
          this.#left -= take;
          i += take;
          if (this.#left === 0) this.#state = DATA_END;
          break;
        }
        case DATA_END:
          if (end - i < 2) return this.#count(start, i);
          if (b[i] !== 13 || b[i + 1] !== 10) throw new ChunkedError("chunk data must end with CRLF");
          this.#state = SIZE;
          i += 2;
          break;
        default: {
          // Trailer fields are checked like header lines and ignored, up to the blank line that ends the body.
          const lf = lineEnd(b, i, end, MAX_TRAILER - this.#trailer, "trailer section", 431);
          if (lf < 0) return this.#count(start, i);
          if (lf > i + 1) checkFieldLine(b, i, lf - 1);
          this.#trailer += lf + 1 - i;
          if (lf === i + 1) this.#state = DONE;
          i = lf + 1;
        }
      }
    }
    return this.#count(start, i);
  }

  #count(start: number, i: number): number {
    this.#wire += i - start;
    if (this.#wire > this.maxBytes + FRAMING_BYTES) throw new ChunkedTooLarge();
    return i;
  }
}

/**
 * The LF ending the CRLF-terminated line at `i`, -1 if it has not arrived yet. A line past `max` is refused with
 * `tooLong` (RFC 9112 §7.1.1: a server limits chunk extensions and answers a 4xx past the limit).
 */
function lineEnd(b: Buffer, i: number, end: number, max: number, what: string, tooLong: 413 | 431): number {
  const lf = b.indexOf(10, i);
  if (lf < 0 || lf >= end) {
    if (end - i > max) throw new ChunkedError(`the ${what} is longer than ${max} bytes`, tooLong);
    return -1;
  }
  if (lf - i > max) throw new ChunkedError(`the ${what} is longer than ${max} bytes`, tooLong);
  if (lf === i || b[lf - 1] !== 13) throw new ChunkedError(`the ${what} must end with CRLF`);
  return lf;
}

/**
 * The hex chunk size at the start of `b[i, cr)`, then its extensions, checked and ignored. RFC 9112 §7.1.1:
 * chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ), the name a token; a quoted string
 * must be closed (an unclosed one would swallow the CRLF for a parser that looks for the closing quote).
 */
function chunkSize(b: Buffer, i: number, cr: number): number {
  let n = 0;
  let digits = 0;
  for (; i < cr; i++, digits++) {
    const c = b[i];
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) break;
    n = n * 16 + d;
  }
  if (digits === 0 || digits > 12) throw new ChunkedError("a chunk size must be 1 to 12 hex digits");
  for (;;) {
    const semicolon = skipOws(b, i, cr);
    if (semicolon === cr) {
      if (semicolon !== i) throw new ChunkedError("whitespace at the end of a chunk size line");
      return n;
    }
    if (b[semicolon] !== 59) throw new ChunkedError("a chunk size must be hex digits, then ;extensions or CRLF");
    const name = skipOws(b, semicolon + 1, cr);
    i = skipToken(b, name, cr);
    if (i === name) throw new ChunkedError("a chunk extension must start with a name (a token)");
    const equals = skipOws(b, i, cr);
    if (equals < cr && b[equals] === 61) {
      const value = skipOws(b, equals + 1, cr);
      i = b[value] === 34 && value < cr ? quotedStringEnd(b, value, cr) : skipToken(b, value, cr);
      if (i < 0) throw new ChunkedError("a chunk extension's quoted value must be closed and hold no control bytes");
      if (i === value) throw new ChunkedError("a chunk extension's value must be a token or a quoted string");
    }
  }
}

/**
 * A trailer line `name: value` (RFC 9110 §5): token name, colon, no control characters in the value. Framing fields
 * are refused there (RFC 9110 §6.5.1: they cannot be processed after the content; llhttp refuses them too).
 */
function checkFieldLine(b: Buffer, i: number, cr: number): void {
  const start = i;
  while (i < cr && TCHAR[b[i]] === 1) i++;
  if (i === start || b[i] !== 58) throw new ChunkedError("a trailer line must be name: value");
  const length = i - start;
  if (
    (length === 14 && equalsIgnoringCase(b, start, CONTENT_LENGTH)) ||
    (length === 17 && equalsIgnoringCase(b, start, TRANSFER_ENCODING))
  ) {
    throw new ChunkedError("Content-Length and Transfer-Encoding may not be sent as trailers");
  }
  for (i++; i < cr; i++) if (VCHAR[b[i]] !== 1) throw new ChunkedError("a trailer value holds a control character");
}
