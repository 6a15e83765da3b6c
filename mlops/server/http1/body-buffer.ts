/** The first allocation for a body: a declared length is a claim, memory follows the bytes that arrive. */
const FIRST_BYTES = 64 * 1024;

/** Bytes appended up to `max`, in a buffer that doubles as they arrive. */
export class BodyBuffer {
  #data: Buffer;
  size = 0;

  constructor(readonly max: number) {
    this.#data = Buffer.allocUnsafe(Math.min(max, FIRST_BYTES));
  }

  get bytes(): Buffer {
    return this.#data.subarray(0, this.size);
  }

  /** Appends b[i, i + take); the caller keeps size + take ≤ max. */
  append(b: Buffer, i: number, take: number): void {
    if (this.size + take > this.#data.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.max, Math.max(2 * this.#data.length, this.size + take)));
      this.#data.copy(grown, 0, 0, this.size);
      this.#data = grown;
    }
    b.copy(this.#data, this.size, i, i + take);
    this.size += take;
  }
}

/**
 * A Content-Length body arriving over several reads. Its buffer grows with the bytes that arrive, not with the
 * declared length (2,000 connections declaring 1 MiB and sending a byte must not reserve 2 GB).
 */
export class FixedBody {
  readonly #buffer: BodyBuffer;

  constructor(readonly length: number) {
    this.#buffer = new BodyBuffer(length);
  }

  get done(): boolean {
    return this.#buffer.size === this.length;
  }

  get body(): Buffer {
    return this.#buffer.bytes;
  }

  /** Takes what belongs to the body from `b[i, end)`; returns where the body's bytes there end. */
  feed(b: Buffer, i: number, end: number): number {
    const take = Math.min(this.length - this.#buffer.size, end - i);
    this.#buffer.append(b, i, take);
    return i + take;
  }
}
