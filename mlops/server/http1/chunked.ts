// Decoding of Transfer-Encoding: chunked (RFC 9112 §7.1), fed with whatever bytes have arrived.
import { BodyBuffer } from "./body-buffer.js";
import { TCHAR, VCHAR } from "./head.js";

/** A chunked body that breaks the framing rules: the server answers 400 and closes the connection. */
export class ChunkedError extends Error {}
/** A chunked body past the size limit (its data, or its framing: 1-byte chunks, long extensions): 413. */
export class ChunkedTooLarge extends Error {}

const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILER = 3;
const DONE = 4;

/** The longest chunk-size line (size and extensions) and trailer section accepted. */
const MAX_LINE = 4096;
const MAX_TRAILER = 16 * 1024;
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
          const lf = lineEnd(b, i, end, MAX_LINE, "chunk size line");
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
          const lf = lineEnd(b, i, end, MAX_TRAILER - this.#trailer, "trailer section");
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

/** The LF ending the CRLF-terminated line at `i`, -1 if it has not arrived yet. */
function lineEnd(b: Buffer, i: number, end: number, max: number, what: string): number {
  const lf = b.indexOf(10, i);
  if (lf < 0 || lf >= end) {
    if (end - i > max) throw new ChunkedError(`the ${what} is too long`);
    return -1;
  }
  if (lf - i > max) throw new ChunkedError(`the ${what} is too long`);
  if (lf === i || b[lf - 1] !== 13) throw new ChunkedError(`the ${what} must end with CRLF`);
  return lf;
}

/**
 * The hex chunk size at the start of `b[i, cr)`. RFC 9112 §7.1.1: only whitespace before a `;` may follow it, and
 * extensions (ignored) hold no control characters.
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
  while (i < cr && (b[i] === 32 || b[i] === 9)) i++;
  if (i < cr && b[i] !== 59) throw new ChunkedError("a chunk size must be hex digits, then ;extensions or CRLF");
  if (i === cr && (b[i - 1] === 32 || b[i - 1] === 9)) throw new ChunkedError("whitespace after a chunk size");
  for (; i < cr; i++) if (VCHAR[b[i]] !== 1) throw new ChunkedError("a chunk extension holds a control character");
  return n;
}

/** A trailer line `name: value` (RFC 9110 §5): token name, colon, no control characters in the value. */
function checkFieldLine(b: Buffer, i: number, cr: number): void {
  const start = i;
  while (i < cr && TCHAR[b[i]] === 1) i++;
  if (i === start || b[i] !== 58) throw new ChunkedError("a trailer line must be name: value");
  for (i++; i < cr; i++) if (VCHAR[b[i]] !== 1) throw new ChunkedError("a trailer value holds a control character");
}
