/** Progress of a long file on stderr, throttled: nothing for short files, one line per interval for long ones. */
export class Progress {
  #last = performance.now();
  #shown = false;

  constructor(
    private readonly total: number,
    private readonly bytesRead: () => number,
    private readonly print: ((message: string) => void) | undefined,
    private readonly intervalMs = 1000,
  ) {}

  tick(): void {
    if (!this.print) return;
    const now = performance.now();
    if (now - this.#last < this.intervalMs) return;
    this.#last = now;
    this.#shown = true;
    const read = this.bytesRead();
    const percent = this.total > 0 ? Math.min(100, Math.floor((100 * read) / this.total)) : 100;
    this.print(`${percent}% (${mb(read)} of ${mb(this.total)})`);
  }

  /** A final line, only when progress was shown at all. */
  done(): void {
    if (this.#shown) this.print?.(`100% (${mb(this.total)})`);
  }
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
