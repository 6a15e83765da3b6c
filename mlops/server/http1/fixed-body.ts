/** The first allocation for a Content-Length body: the declared length is a claim, memory follows the bytes. */
const FIRST_BYTES = 64 * 1024;

/**
 * A Content-Length body arriving over several reads. Its buffer grows with the bytes that arrive, not with the
 * declared length (2,000 connections declaring 1 MiB and sending a byte must not reserve 2 GB).
 */
export class FixedBody {
  #data: Buffer;
  #filled = 0;

  constructor(readonly length: number) {
    this.#data = Buffer.allocUnsafe(Math.min(length, FIRST_BYTES));
  }

  get done(): boolean {
    return this.#filled === this.length;
  }

  get body(): Buffer {
    return this.#data.subarray(0, this.#filled);
  }

  /** Takes what belongs to the body from `b[i, end)`; returns where the body's bytes there end. */
  feed(b: Buffer, i: number, end: number): number {
    const take = Math.min(this.length - this.#filled, end - i);
    if (this.#filled + take > this.#data.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.length, Math.max(2 * this.#data.length, this.#filled + take)));
      this.#data.copy(grown, 0, 0, this.#filled);
      this.#data = grown;
    }
    b.copy(this.#data, this.#filled, i, i + take);
    this.#filled += take;
    return i + take;
  }
}
