// Decoding of Transfer-Encoding: chunked (RFC 9112 §7.1), fed with whatever bytes have arrived.

/** A chunked body that breaks the framing rules: the server answers 400 and closes the connection. */
export class ChunkedError extends Error {}

const SIZE = 0;
const DATA = 1;
const DATA_END = 2;
const TRAILER = 3;
const DONE = 4;

/** The longest chunk-size line (size and extensions) and trailer section accepted. */
const MAX_LINE = 4096;
const MAX_TRAILER = 16 * 1024;

/** One chunked body being decoded; `size` counts its data bytes, `parts` holds them. */
export class ChunkedBody {
  parts: Buffer[] = [];
  size = 0;
  #state = SIZE;
  #left = 0;
  #trailer = 0;

  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Consumes `b[i, end)` up to the end of the body and returns where it stopped: the next request starts there
   * when `done`; otherwise the bytes from there on (a line not yet whole) must be fed again with the next ones.
   */
  feed(b: Buffer, i: number, end: number): number {
    while (i < end && this.#state !== DONE) {
      switch (this.#state) {
        case SIZE: {
          const lf = lineEnd(b, i, end, MAX_LINE, "chunk size line");
          if (lf < 0) return i;
          this.#left = chunkSize(b, i, lf - 1);
          this.#state = this.#left === 0 ? TRAILER : DATA;
          i = lf + 1;
          break;
        }
        case DATA: {
          const take = Math.min(this.#left, end - i);
          this.parts.push(b.subarray(i, i + take));
          this.size += take;
          this.#left -= take;
          i += take;
          if (this.#left === 0) this.#state = DATA_END;
          break;
        }
        case DATA_END:
          if (end - i < 2) return i;
          if (b[i] !== 13 || b[i + 1] !== 10) throw new ChunkedError("chunk data must end with CRLF");
          this.#state = SIZE;
          i += 2;
          break;
        default: {
          // Trailer fields are read and ignored, up to the blank line that ends the body.
          const lf = lineEnd(b, i, end, MAX_TRAILER - this.#trailer, "trailer section");
          if (lf < 0) return i;
          this.#trailer += lf + 1 - i;
          if (lf === i + 1) this.#state = DONE;
          i = lf + 1;
        }
      }
    }
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

/** The hex chunk size at the start of `b[i, cr)`; extensions after `;` are ignored. */
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
  // RFC 9112 §7.1.1: only whitespace before a `;` (chunk extensions, ignored) may follow the size.
  while (i < cr && (b[i] === 32 || b[i] === 9)) i++;
  if (i < cr && b[i] !== 59) throw new ChunkedError("a chunk size must be hex digits, then ;extensions or CRLF");
  return n;
}
