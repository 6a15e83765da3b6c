import { connect } from "node:net";
import type { LogSink, RequestLogRecord, RunningServer, ServerOptions } from "../../../mlops/server/index.js";
import { loadScorer, startServer } from "../../../mlops/server/index.js";
import { seedModelDir } from "../../scoring/seed-model.js";

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

export interface TestServer extends RunningServer {
  readonly sink: MemorySink;
  readonly model: Awaited<ReturnType<typeof seedModelDir>>["model"];
  readonly modelDir: string;
  /** Stops the server and removes the model folder. */
  stop(): Promise<void>;
}

/** The real server with the seed-000 model on 127.0.0.1, a free port, logging into memory. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const fixture = await seedModelDir();
  const scorer = await loadScorer(fixture.dir);
  const sink = new MemorySink();
  const running = await startServer({ scorer, port: 0, logSink: sink, ...options });
  return {
    ...running,
    sink,
    model: fixture.model,
    modelDir: fixture.dir,
    async stop() {
      await running.close();
      await fixture.cleanup();
    },
  };
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
