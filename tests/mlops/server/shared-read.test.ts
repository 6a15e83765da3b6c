// Every connection reads into one shared buffer (mlops/server/http1/shared-read.ts): bytes a connection keeps for
// later must be copies, or the next read on any connection overwrites them. These tests make other connections
// fill the buffer while one connection holds a partial head, a partial chunk line or paused requests.
import { createServer, type Socket, connect as tcpConnect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIntoSharedBuffer } from "../../../mlops/server/http1/shared-read.js";
import { CHUNKED_SCORE, postScore, RawClient, startTestServer, type TestServer } from "./helpers.js";

let server: TestServer;
let smoke: string;
let answer: string;
let swagger: string;
const post = (body: string, id: string) =>
  `POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-ms-request-id: ${id}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** A client that sends ~64 KiB of pipelined requests (a whole shared buffer) and checks every answer. */
async function fillTheBuffer(tag: string): Promise<void> {
  const other = await RawClient.open(server.url);
  const n = Math.ceil(65536 / post(smoke, `${tag}-0`).length) + 1;
  other.send(Array.from({ length: n }, (_, i) => post(smoke, `${tag}-${i}`)).join(""));
  for (let i = 0; i < n; i++) {
    const reply = await other.reply();
    expect([reply.status, reply.headers["x-ms-request-id"], reply.body]).toEqual([200, `${tag}-${i}`, answer]);
  }
  other.socket.destroy();
}

beforeAll(async () => {
  server = await startTestServer();
  smoke = JSON.stringify({ data: server.smoke.input.data });
  swagger = await (await fetch(`${server.url}/swagger.json`)).text();
  answer = JSON.stringify((await postScore(server.url, smoke)).json);
});
afterAll(() => server.stop());

describe("one read buffer for all connections", () => {
  const chunked = () => `${CHUNKED_SCORE}${Buffer.byteLength(smoke).toString(16)}\r\n${smoke}\r\n0\r\n\r\n`;
  it.each([
    ["a partial head", () => post(smoke, "partial"), 40],
    ["a partial Content-Length body", () => post(smoke, "partial"), -20],
    ["a partial chunk-size line", chunked, CHUNKED_SCORE.length + 1],
    ["partial chunk data", chunked, -30],
  ] as const)("%s survives other connections' reads", async (_what, request, at) => {
    const a = await RawClient.open(server.url);
    const text = request();
    a.send(text.slice(0, at));
    await sleep(50);
    await fillTheBuffer("busy");
    a.send(text.slice(at));
    const reply = await a.reply();
    expect([reply.status, reply.body]).toEqual([200, answer]);
    a.socket.destroy();
  });

  it("requests a paused connection has not been read survive other connections' reads", async () => {
    // 2,000 answers of the OpenAPI document are ~10 MB, more than the socket buffers hold: the server pauses.
    const n = 2000;
    const slow = await RawClient.open(server.url, false);
    const get = (i: number) => `GET /swagger.json HTTP/1.1\r\nHost: x\r\nx-ms-request-id: slow-${i}\r\n\r\n`;
    slow.send(Array.from({ length: n }, (_, i) => get(i)).join(""));
    await sleep(300);
    await fillTheBuffer("busy");
    slow.read();
    for (let i = 0; i < n; i++) {
      const reply = await slow.reply();
      if (reply.status !== 200 || reply.headers["x-ms-request-id"] !== `slow-${i}` || reply.body !== swagger) {
        expect([i, reply.status, reply.headers["x-ms-request-id"], reply.body.length]).toEqual([
          i,
          200,
          `slow-${i}`,
          swagger.length,
        ]);
      }
    }
    slow.socket.destroy();
  });
});

describe("readIntoSharedBuffer", () => {
  /** A bare TCP server feeding each connection's bytes through readIntoSharedBuffer (`owner`: the server to claim). */
  async function echoLengths(pickOwner: (self: ReturnType<typeof createServer>) => ReturnType<typeof createServer>) {
    const seen: { socket: Socket; accepted: Socket; bytes: number[] }[] = [];
    const tcp = createServer({ pauseOnConnect: true }, (accepted) => {
      const entry = { socket: accepted, accepted, bytes: [] as number[] };
      entry.socket = readIntoSharedBuffer(accepted, pickOwner(tcp), (chunk) => {
        entry.bytes.push(...chunk);
        entry.socket.write(`${chunk.length}\n`);
      });
      seen.push(entry);
    });
    await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
    return { tcp, seen, port: (tcp.address() as { port: number }).port };
  }

  async function roundTrip(port: number, text: string): Promise<string> {
    const client = tcpConnect(port, "127.0.0.1");
    client.write(text);
    const got = await new Promise<string>((resolve) => client.once("data", (d) => resolve(String(d))));
    client.destroy();
    return got;
  }

  it("re-wraps the connection: bytes arrive, the server counts it once, and close() completes after it ends", async () => {
    const { tcp, seen, port } = await echoLengths((self) => self);
    expect(await roundTrip(port, "hello")).toBe("5\n");
    expect(seen[0].socket).not.toBe(seen[0].accepted);
    expect(Buffer.from(seen[0].bytes).toString()).toBe("hello");
    await sleep(50);
    const count = await new Promise<number>((r) => tcp.getConnections((_e, c) => r(c)));
    expect(count).toBe(0);
    await new Promise((r) => tcp.close(r));
  });

  it("falls back to 'data' events when the socket is not the server's own (unknown internals)", async () => {
    const stranger = createServer();
    const { tcp, seen, port } = await echoLengths(() => stranger);
    expect(await roundTrip(port, "fallback")).toBe("8\n");
    expect(seen[0].socket).toBe(seen[0].accepted);
    expect(Buffer.from(seen[0].bytes).toString()).toBe("fallback");
    await new Promise((r) => tcp.close(r));
  });
});
