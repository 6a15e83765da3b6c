/** One request's log record (one JSON line). */
export interface RequestLogRecord {
  readonly time: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
  readonly traceparent: string;
  readonly predictions: number;
  readonly error?: string;
}

/** Where log text goes: process.stdout, or any writable stream. */
export interface LogSink {
  /** Returns false when the sink is backed up; it then emits "drain". */
  write(text: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** The most log text kept while the sink is backed up; beyond it lines are counted as dropped. */
const MAX_PENDING = 8 * 2 ** 20;
/** Whether JSON needs to escape anything in `text` (quotes, backslashes, control characters, lone surrogates). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

let lastMs = 0;
let lastIso = "";

/** ISO time, formatted at most once per millisecond (it is on every request's path). */
export function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

const str = (value: string) => (needsEscape(value) ? JSON.stringify(value) : `"${value}"`);

/**
 * The record as one JSON line, built directly (JSON.stringify of an object per request costs throughput).
 * Caller-controlled text (path, traceparent, error) is escaped; method and request id are HTTP tokens already.
 */
export function formatRecord(r: RequestLogRecord): string {
  const error = r.error === undefined ? "" : `,"error":${JSON.stringify(r.error)}`;
  return `{"time":"${r.time}","method":"${r.method}","path":${str(r.path)},"status":${r.status},"durationMs":${r.durationMs},"requestId":${str(r.requestId)},"traceparent":${str(r.traceparent)},"predictions":${r.predictions}${error}}`;
}

/**
 * Buffers log lines and writes them in batches (at most every `flushMs`, or when `batchBytes` pile up): one
 * write per request would cost a syscall each and halve throughput. `flush()` writes what is pending now.
 * A batch is built by string concatenation (a rope V8 flattens once, when the sink encodes it): joining an array
 * of lines would copy every line one more time, on every request's path.
 */
export class RequestLog {
  /** Full batches waiting for the sink (only while it is backed up). */
  #batches: string[] = [];
  /** The batch being filled. */
  #text = "";
  /** Length of everything pending (#batches and #text). */
  #bytes = 0;
  #dropped = 0;
  #timer: NodeJS.Timeout | undefined;
  #blocked = false;

  constructor(
    private readonly sink: LogSink,
    private readonly flushMs = 50,
    private readonly batchBytes = 64 * 1024,
  ) {}

  write(record: RequestLogRecord): void {
    if (this.#bytes > MAX_PENDING) {
      this.#dropped++;
      return;
    }
    this.#append(formatRecord(record));
    this.#timer ??= setTimeout(() => this.flush(), this.flushMs).unref();
  }

  #append(line: string): void {
    // Close the batch before it would pass batchBytes, so each write stays within it.
    if (this.#text.length > 0 && this.#text.length + line.length + 1 > this.batchBytes) {
      this.#batches.push(this.#text);
      this.#text = "";
      this.#drain();
    }
    this.#text += `${line}\n`;
    this.#bytes += line.length + 1;
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#dropped > 0) {
      this.#append(JSON.stringify({ time: isoNow(), droppedLogLines: this.#dropped }));
      this.#dropped = 0;
    }
    if (this.#text.length > 0) {
      this.#batches.push(this.#text);
      this.#text = "";
    }
    this.#drain();
  }

  #drain(): void {
    // While the sink is backed up, batches wait here (bounded) instead of piling up unboundedly inside the stream.
    while (!this.#blocked && this.#batches.length > 0) {
      const text = this.#batches.shift() as string;
      this.#bytes -= text.length;
      if (!this.sink.write(text)) {
        this.#blocked = true;
        this.sink.once("drain", () => {
          this.#blocked = false;
          this.flush();
        });
      }
    }
  }
}
