import type { Socket } from "node:net";
import { type Answer, type App, type Limits, type Shared, TIMEOUT } from "./app.js";
import { FixedBody } from "./body-buffer.js";
import { ChunkedBody, ChunkedError, ChunkedTooLarge } from "./chunked.js";
import { HeadError, hasBareLineEnd, parseHead, type RequestHead } from "./head.js";
import { answerText, refusalText } from "./wire.js";

const HEAD = 0; // reading a request head (or idle between requests)
const BODY = 1; // reading a Content-Length body
const CHUNKED = 2; // reading a chunked body
const DRAIN = 3; // answered and closing: the rest of the request is read and dropped so the answer is not reset
const CLOSED = 4;

const CRLF2 = Buffer.from("\r\n\r\n");
const CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n";
// How many bytes a closing connection reads and drops (for at most `limits.lingerMs`). A client refused mid-body
// (413) sends the rest before it reads the answer; closing while its bytes arrive resets the connection and the
// reset discards the answer unread. Dropped bytes cost no memory (shared read buffer): the bound is generous.
const LINGER_BYTES = 256 * 2 ** 20;
const SHUTDOWN_GRACE_MS = 1_000;

/**
 * One client connection: parses requests as their bytes arrive (pipelined requests in order), hands each to the
 * app and writes its answer with a single socket write. Reading pauses while the client does not read answers.
 */
export class Connection<X extends Answer> {
  #state = HEAD;
  #pending: Buffer | undefined = undefined;
  #head: RequestHead | undefined = undefined;
  #x: X | undefined = undefined;
  #fixed: FixedBody | undefined = undefined;
  #chunked: ChunkedBody | undefined = undefined;
  /** When the current request's first byte arrived (or the connection opened); 0 while idle. */
  #since: number;
  #idleSince = 0;
  #paused = false;
  #drained = 0;
  /** Body bytes of an answered request still to be dropped before the next request starts. */
  #skip = 0;

  constructor(
    readonly socket: Socket,
    private readonly app: App<X>,
    private readonly limits: Limits,
    private readonly shared: Shared,
  ) {
    this.#since = performance.now();
    socket.on("drain", () => this.#onDrain());
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.#onClose());
  }

  /** Idle: between requests, nothing buffered and no answer waiting on the client. */
  get idle(): boolean {
    return this.#state === HEAD && this.#since === 0 && !this.#paused;
  }

  /** Closes the connection now if idle; otherwise the current answer will carry Connection: close. */
  closeIfIdle(): void {
    if (this.idle) this.#linger();
  }

  /** Enforces the timeouts; called about every second with the current time. */
  check(now: number): void {
    if (this.#state === CLOSED) return;
    if (this.#state === DRAIN) {
      if (now - this.#since > this.limits.lingerMs) this.socket.destroy();
    } else if (this.#paused) {
      if (now - this.#since > this.limits.requestTimeoutMs) this.socket.destroy(); // a client that never reads
    } else if (this.#since === 0) {
      if (now - this.#idleSince > this.limits.keepAliveTimeoutMs) this.#linger();
    } else if (this.#state === HEAD) {
      // Shutting down, a connection that has not sent a byte since it opened gets a grace period, then closes.
      const silent = this.shared.closing && this.#pending === undefined;
      if (silent && now - this.#since > SHUTDOWN_GRACE_MS) this.#linger();
      else if (now - this.#since > this.limits.headersTimeoutMs) this.#refuse(408, TIMEOUT);
    } else if (now - this.#since > this.limits.requestTimeoutMs) {
      this.#abandon(408, TIMEOUT);
    }
  }

  /**
   * The connection's next bytes. `chunk` may be a view of a buffer the next read overwrites: what has to wait
   * for more bytes is copied.
   */
  read(chunk: Buffer): void {
    if (this.#state >= DRAIN) {
      this.#drained += chunk.length;
      if (this.#drained > LINGER_BYTES) this.socket.destroy();
      return;
    }
    let b = chunk;
    if (this.#pending !== undefined) {
      b = Buffer.concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    this.#safely(b);
  }

  /** Processes `b`; a bug in there answers 500 if a request awaits its answer (else drops the connection). */
  #safely(b: Buffer): void {
    try {
      this.#process(b, 0);
    } catch (error) {
      const x = this.#x;
      if (x === undefined || x.status !== 0) this.socket.destroy();
      else this.#abandon(500, error instanceof Error ? error.message : String(error));
    }
  }

  #onDrain(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#since = 0;
    this.#idleSince = performance.now();
    this.socket.resume();
    const rest = this.#pending;
    this.#pending = undefined;
    if (rest !== undefined) this.#safely(rest);
  }

  #onClose(): void {
    const x = this.#x;
    this.#state = CLOSED;
    this.#x = undefined;
    if (x !== undefined && x.status === 0) {
      this.app.fail(x, 499, "the client closed the connection before sending the whole body");
      this.app.done(x);
    }
  }

  /** Consumes `b` from `i`: as many whole requests as it holds, then keeps the incomplete rest. */
  #process(b: Buffer, i: number): void {
    const n = b.length;
    let corked = false;
    while (i < n && this.#state < DRAIN) {
      if (this.#paused) {
        this.#pending = Buffer.from(b.subarray(i));
        break;
      }
      if (this.#skip > 0) {
        const take = Math.min(this.#skip, n - i);
        this.#skip -= take;
        i += take;
      } else if (this.#state === HEAD) {
        // RFC 9112 §2.2: ignore empty lines before a request line.
        while (i + 1 < n && b[i] === 13 && b[i + 1] === 10) i += 2;
        if (i === n) break; // only empty lines: still idle
        if (this.#since === 0) this.#since = performance.now();
        const end = b.indexOf(CRLF2, i);
        if (end < 0 || end - i > this.limits.maxHeadBytes) {
          if (n - i > this.limits.maxHeadBytes) this.#refuse(431, "the request headers are too large");
          else if (hasBareLineEnd(b, i, n)) this.#refuse(400, "malformed HTTP request (bare CR or LF line ends)");
          else this.#pending = Buffer.from(b.subarray(i));
          break;
        }
        if (corked === false && end + 4 < n) {
          corked = true; // pipelined requests: one write for all their answers
          this.socket.cork();
        }
        i = this.#begin(b, i, end);
      } else if (this.#state === BODY) {
        const body = this.#fixed as FixedBody;
        i = body.feed(b, i, n);
        if (body.done) this.#complete(body.body);
      } else {
        i = this.#feedChunked(b, i);
      }
    }
    if (corked) this.socket.uncork();
  }

  /** Parses the head in b[i, end) and starts its request; returns where the body (or the next request) begins. */
  #begin(b: Buffer, i: number, end: number): number {
    let head: RequestHead;
    try {
      head = parseHead(b, i, end + 2);
    } catch (error) {
      if (!(error instanceof HeadError)) throw error;
      this.#refuse(error.status, error.message);
      return b.length;
    }
    i = end + 4;
    const x = this.app.begin(head);
    this.#head = head;
    this.#x = x;
    const hasBody = head.chunked || head.contentLength > 0;
    if (x.status === 0 && head.contentLength > this.limits.maxBodyBytes) {
      this.app.fail(x, 413, this.limits.tooLarge(`${head.contentLength} bytes`));
    }
    if (x.status !== 0) {
      // Answered from the head alone (401, 404, 415, ...). A Content-Length body within the limit is skipped
      // so the connection stays usable; any other body (chunked, too large, awaited with 100-continue) closes it.
      const skippable = !head.chunked && head.contentLength <= this.limits.maxBodyBytes && !head.expectContinue;
      this.#respond(x, head.keepAlive && (!hasBody || skippable));
      if (hasBody && !skippable) return b.length;
      this.#skip = Math.max(head.contentLength, 0);
      return i;
    }
    if (head.expectContinue && hasBody) this.socket.write(CONTINUE);
    if (head.chunked) {
      this.#state = CHUNKED;
      this.#chunked = new ChunkedBody(this.limits.maxBodyBytes);
      return i;
    }
    const length = Math.max(head.contentLength, 0);
    if (b.length - i >= length) {
      // The whole body is here (the usual case): no copy.
      this.#complete(b.subarray(i, i + length));
      return i + length;
    }
    this.#state = BODY;
    this.#fixed = new FixedBody(length);
    return i;
  }

  #feedChunked(b: Buffer, i: number): number {
    const body = this.#chunked as ChunkedBody;
    let next: number;
    try {
      next = body.feed(b, i, b.length);
    } catch (error) {
      if (error instanceof ChunkedTooLarge) {
        this.#abandon(413, this.limits.tooLarge(`more than ${this.limits.maxBodyBytes} bytes`));
      } else if (error instanceof ChunkedError) {
        const what = error.status === 400 ? "malformed" : "oversized";
        this.#abandon(error.status, `${what} chunked body (${error.message})`);
      } else throw error;
      return b.length;
    }
    if (body.done) {
      this.#chunked = undefined;
      this.#complete(body.body);
      return next;
    }
    if (next < b.length) this.#pending = Buffer.from(b.subarray(next));
    return b.length;
  }

  #complete(body: Buffer): void {
    const x = this.#x as X;
    this.#fixed = undefined;
    try {
      this.app.finish(x, body);
    } catch (error) {
      // A bug, not bad input: answer 500 without leaking internals; the app logs the message.
      this.app.fail(x, 500, error instanceof Error ? error.message : String(error));
    }
    this.#respond(x, (this.#head as RequestHead).keepAlive);
  }

  /** The request's body will not arrive whole: answer `status` and close. */
  #abandon(status: number, message: string): void {
    const x = this.#x as X;
    this.app.fail(x, status, message);
    this.#respond(x, false);
  }

  /** Answers before a head could be read, then closes. */
  #refuse(status: number, message: string): void {
    this.app.refused(status, message);
    this.socket.write(refusalText(status, message, this.shared.date));
    this.#linger();
  }

  #respond(x: X, keepAlive: boolean): void {
    const head = this.#head as RequestHead;
    const open = keepAlive && !this.shared.closing;
    const ok = this.socket.write(answerText(x, this.shared.date, open, head));
    this.#x = undefined;
    this.#head = undefined;
    this.app.done(x);
    if (!open) {
      this.#linger();
      return;
    }
    this.#state = HEAD;
    this.#since = 0;
    this.#idleSince = performance.now();
    if (!ok) {
      // The client is not reading its answers: stop reading its requests until it does.
      this.#paused = true;
      this.#since = this.#idleSince;
      this.socket.pause();
    }
  }

  /**
   * Half-closes (after the last answer, or when idle) and reads and drops what the client still sends; the linger
   * check destroys the socket if the client never closes its side.
   */
  #linger(): void {
    this.#state = DRAIN;
    this.#since = performance.now();
    this.#pending = undefined;
    this.socket.end();
  }
}
