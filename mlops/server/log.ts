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
 */
export class RequestLog {
  #pending: string[] = [];
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
    const line = formatRecord(record);
    // Flush before the batch would pass batchBytes, so each write stays within it.
    if (this.#bytes + line.length + 1 > this.batchBytes) this.flush();
    this.#pending.push(line);
    this.#bytes += line.length + 1;
    this.#timer ??= setTimeout(() => this.flush(), this.flushMs).unref();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#dropped > 0) {
      this.#pending.push(JSON.stringify({ time: isoNow(), droppedLogLines: this.#dropped }));
      this.#dropped = 0;
    }
    // While the sink is backed up, lines wait here (bounded) instead of piling up unboundedly inside the stream.
    if (this.#pending.length === 0 || this.#blocked) return;
    const text = `${this.#pending.join("\n")}\n`;
    this.#pending = [];
    this.#bytes = 0;
    if (!this.sink.write(text)) {
      this.#blocked = true;
      this.sink.once("drain", () => {
        this.#blocked = false;
        this.flush();
      });
    }
  }
}
