import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { expect } from "vitest";
import type { CellValue, Predictor } from "../../../mlops/contract/index.js";
import type { LogSink, RequestLogRecord, RunningServer, ServerOptions } from "../../../mlops/server/index.js";
import { startServer } from "../../../mlops/server/index.js";
import { type FixtureKind, fixturePredictor, tempRoot, trainFixture } from "../fixtures/index.js";
import { type LinearOracle, linearOracle } from "./oracles.js";

/** A log sink that keeps the JSON lines for assertions. */
export class MemorySink implements LogSink {
  text = "";
  write(text: string): boolean {
    this.text += text;
    return true;
  }
  once(): this {
    return this;
  }
  records(): RequestLogRecord[] {
    return this.text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RequestLogRecord);
  }
}

/** The real server answering a freshly trained fixture model. */
export interface FixtureServer extends RunningServer {
  readonly sink: MemorySink;
  readonly predictor: Predictor;
  /** The model's input columns, in model order. */
  readonly columns: readonly string[];
  /** The trained model folder (MLmodel, smoke.json, the model's own files). */
  readonly modelDir: string;
  /** smoke.json's payload: rows the model is known to answer. */
  readonly smokeRows: readonly (readonly CellValue[])[];
  /** Stops the server and removes the model folder. */
  stop(): Promise<void>;
}

/** The server answering the regression fixture (x1, x2, x3 → y, numeric fast path), with its oracle. */
export interface TestServer extends FixtureServer {
  /** bias + Σ w·x from the folder's weights.json. */
  readonly oracle: LinearOracle;
  /** The smoke payload and the oracle's values for it. */
  readonly smoke: {
    readonly input: { readonly columns: readonly string[]; readonly data: number[][] };
    readonly result: number[];
  };
}

/** Fixture model `kind`, trained into a temp folder, served on 127.0.0.1 on a free port, logging into memory. */
export async function startFixtureServer(
  kind: FixtureKind,
  options: Partial<ServerOptions> = {},
): Promise<FixtureServer> {
  const { root, cleanup } = tempRoot(`mlops-server-${kind}-`);
  try {
    await trainFixture(kind, root);
    const modelDir = join(root, "model");
    const predictor = await fixturePredictor(kind, modelDir);
    const sink = new MemorySink();
    const running = await startServer({
      predictor,
      host: "127.0.0.1",
      port: 0,
      logSink: sink,
      ...(predictor.example ? { example: { data: predictor.example } } : {}),
      ...options,
    });
    return {
      ...running,
      sink,
      predictor,
      columns: predictor.info.signature.inputs.map((c) => c.name),
      modelDir,
      smokeRows: predictor.example ?? [],
      async stop() {
        await running.close();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** The regression fixture's server (what most server tests need: any model with a numeric fast path). */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const served = await startFixtureServer("regression", options);
  try {
    const oracle = await linearOracle(served.modelDir);
    const data = served.smokeRows.map((row) => row.map(Number));
    if (data.length === 0) throw new Error(`${served.modelDir}: no smoke rows`);
    return {
      ...served,
      oracle,
      smoke: { input: { columns: served.columns, data }, result: data.map((row) => oracle.predict(row)) },
    };
  } catch (error) {
    await served.stop();
    throw error;
  }
}

/** POSTs a JSON body (string) to /score. */
export async function postScore(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; headers: Headers }> {
  const res = await fetch(`${url}/score`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = { unparsable: text };
  }
  return { status: res.status, json, headers: res.headers };
}

/** Sends raw bytes on a fresh TCP connection and returns everything the server sends until it closes. */
export function rawExchange(url: string, chunks: readonly (string | { waitMs: number })[]): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => {
      received += d;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (typeof chunk === "string") socket.write(chunk);
        else await new Promise((r) => setTimeout(r, chunk.waitMs));
      }
    });
  });
}

/** The status code and JSON body of a raw HTTP/1.1 response. */
export function parseRaw(response: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
  const text = response.slice(response.indexOf("\r\n\r\n") + 4);
  return { status, body: JSON.parse(text) };
}

/** One answer as `RawClient.reply` reads it. */
export interface RawReply {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/** A raw TCP client that sends exact bytes and reads the server's answers one at a time (Content-Length framing). */
export class RawClient {
  closed = false;
  error: Error | undefined = undefined;
  #buf = Buffer.alloc(0);
  #waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true); // each write its own segment, so splits reach the server as splits
    socket.on("error", (e) => {
      this.error = e;
    });
    socket.on("close", () => {
      this.closed = true;
      this.#wake();
    });
  }

  /** Connects; with `reading` false the client reads nothing until `read()`. */
  static open(url: string, reading = true): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        const raw = new RawClient(socket);
        if (reading) raw.read();
        resolve(raw);
      });
      socket.once("error", reject);
    });
  }

  /** Starts reading (what arrives is kept for `reply()` and `end()`). */
  read(): void {
    this.socket.on("data", (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      this.#wake();
    });
  }

  /** Writes `text` (latin1: one byte per character) in one write. */
  send(text: string): void {
    this.socket.write(Buffer.from(text, "latin1"));
  }

  /** Writes `text` in pieces of `size` bytes, `delayMs` apart. */
  async trickle(text: string, size: number, delayMs = 1): Promise<void> {
    for (let i = 0; i < text.length; i += size) {
      this.send(text.slice(i, i + size));
      await sleep(delayMs);
    }
  }

  /** The next answer (`head`: the answer to a HEAD request, which has no body). */
  async reply(head = false, ms = 2000): Promise<RawReply> {
    const deadline = Date.now() + ms;
    for (;;) {
      const reply = this.#parse(head);
      if (reply !== undefined) return reply;
      await this.#wait(deadline, "an answer");
    }
  }

  /** Waits for the server to close the connection; returns what it sent that no `reply()` took. */
  async end(ms = 2000): Promise<string> {
    const deadline = Date.now() + ms;
    while (!this.closed) await this.#wait(deadline, "the server to close the connection");
    if (this.error !== undefined) throw this.error;
    return this.#buf.toString("latin1");
  }

  #parse(head: boolean): RawReply | undefined {
    const end = this.#buf.indexOf("\r\n\r\n");
    if (end < 0) return undefined;
    const [line, ...fields] = this.#buf.toString("latin1", 0, end).split("\r\n");
    const m = /^HTTP\/1\.1 (\d{3}) [^\r\n]*$/.exec(line);
    if (m === null) throw new Error(`not a status line: ${JSON.stringify(line)}`);
    const headers: Record<string, string> = {};
    for (const f of fields) headers[f.slice(0, f.indexOf(":")).toLowerCase()] = f.slice(f.indexOf(":") + 1).trim();
    const status = Number(m[1]);
    const length = head || status === 100 ? 0 : Number(headers["content-length"]);
    if (!Number.isInteger(length)) throw new Error(`no Content-Length in ${JSON.stringify(headers)}`);
    if (this.#buf.length < end + 4 + length) return undefined;
    const body = this.#buf.toString("utf8", end + 4, end + 4 + length);
    this.#buf = this.#buf.subarray(end + 4 + length);
    return { status, headers, body };
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  async #wait(deadline: number, what: string): Promise<void> {
    const left = deadline - Date.now();
    const unread = () => JSON.stringify(this.#buf.toString("latin1").slice(0, 300));
    if (this.closed) throw new Error(`the server closed the connection before ${what}; unread: ${unread()}`);
    if (left <= 0) throw new Error(`timed out waiting for ${what}; unread: ${unread()}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The head of a chunked POST /score; append the chunks. */
export const CHUNKED_SCORE =
  "POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";

/** Sends `request` on a fresh connection: returns the one answer, after checking the server then closes, silent. */
export async function oneAnswerThenClose(url: string, request: string, ms = 2000): Promise<RawReply> {
  const raw = await RawClient.open(url);
  raw.send(request);
  const reply = await raw.reply();
  expect(await raw.end(ms), JSON.stringify(request.slice(0, 200))).toBe("");
  return reply;
}
