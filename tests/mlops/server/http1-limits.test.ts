// The HTTP/1.1 transport's limits and hardening, over real TCP: chunked framing that costs memory without data,
// connections whose client never closes, stray empty lines, request targets that are not paths, Host rules.
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CHUNKED_SCORE as CHUNKED,
  oneAnswerThenClose,
  RawClient,
  type RawReply,
  startTestServer,
  type TestServer,
} from "./helpers.js";

const MAX = 100_000;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    maxBodyBytes: MAX,
    headersTimeoutMs: 1000,
    requestTimeoutMs: 5000,
    keepAliveTimeoutMs: 1000,
    lingerMs: 500,
  });
});
afterAll(() => server.stop());

const answerThenClose = (request: string): Promise<RawReply> => oneAnswerThenClose(server.url, request, 3000);

const connections = () =>
  new Promise<number>((resolve, reject) =>
    server.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

describe("HTTP/1.1 transport limits", () => {
  it("chunked framing counts against the body limit: 1-byte chunks or long extensions → 413, not memory", async () => {
    // 30,000 one-byte chunks: 30 KB of data (under the 100 KB limit) in 180 KB of framing.
    const tiny = await answerThenClose(`${CHUNKED}${"1\r\n1\r\n".repeat(30_000)}0\r\n\r\n`);
    expect([tiny.status, tiny.body]).toEqual([413, expect.stringContaining(`more than ${MAX} bytes`)]);
    const extension = `1;${"e".repeat(4000)}\r\n1\r\n`;
    const long = await answerThenClose(`${CHUNKED}${extension.repeat(60)}0\r\n\r\n`);
    expect(long.status).toBe(413);
    // Within both budgets, the same framing is fine: 1,000 one-byte chunks of a valid body.
    const body = JSON.stringify({ data: server.smoke.input.data });
    const raw = await RawClient.open(server.url);
    raw.send(`${CHUNKED}${[...body].map((c) => `1\r\n${c}\r\n`).join("")}0\r\n\r\n`);
    expect((await raw.reply()).status).toBe(200);
    raw.socket.destroy();
  });

  it("a chunked body far over the limit gets its 413 and a clean close, not a reset, when the client sends it all first", async () => {
    // 32 MB in 64 KiB chunks against a 100 KB limit: the 413 comes after 100 KB, the client (like most) reads only
    // once it has sent everything, so the server must keep reading and dropping the rest instead of resetting.
    const chunk = `10000\r\n${"a".repeat(0x10000)}\r\n`;
    const body = Buffer.from(`${CHUNKED}${chunk.repeat(512)}0\r\n\r\n`, "latin1");
    const socket = connect({ port: Number(new URL(server.url).port), host: "127.0.0.1" });
    socket.pause();
    const outcome = await new Promise<string>((resolve) => {
      let received = "";
      socket.on("data", (d: Buffer) => {
        received += d.toString("latin1");
      });
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(`${e.code} after ${JSON.stringify(received)}`));
      socket.on("end", () => resolve(received));
      socket.on("connect", () => socket.write(body, () => socket.resume()));
    });
    socket.destroy();
    expect(outcome).toMatch(
      /^HTTP\/1\.1 413 Payload Too Large\r\n[\s\S]*Connection: close\r\n[\s\S]*more than 100000 bytes/,
    );
  });

  it.each([
    ["a bare CR in a chunk extension", "2;a\rb\r\nhi\r\n0\r\n\r\n"],
    ["whitespace after a size without an extension", "2 \r\nhi\r\n0\r\n\r\n"],
    ["a trailer line that is not name: value", "2\r\nhi\r\n0\r\nnot a header\r\n\r\n"],
    ["a control character in a trailer value", "2\r\nhi\r\n0\r\nX-A: a\x00b\r\n\r\n"],
  ])("%s → 400", async (_name, chunks) => {
    const reply = await answerThenClose(CHUNKED + chunks);
    expect([reply.status, reply.body]).toEqual([400, expect.stringContaining("malformed chunked body")]);
  });

  it("a client that never closes its side is dropped after the keep-alive timeout and the linger time", async () => {
    // Connections of the tests before this one may still be closing: start from none.
    for (let waited = 0; waited < 4000 && (await connections()) > 0; waited += 100) await sleep(100);
    const before = await connections();
    expect(before).toBe(0);
    const socket = connect({ port: Number(new URL(server.url).port), host: "127.0.0.1", allowHalfOpen: true });
    let received = "";
    let ended = false;
    socket.on("data", (d: Buffer) => {
      received += d.toString();
    });
    socket.on("end", () => {
      ended = true; // the server's FIN; this client keeps its side open on purpose
    });
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await sleep(200);
    expect(received).toContain("Healthy");
    expect(await connections()).toBe(before + 1);
    // keep-alive 1 s, then 0.5 s of linger, each checked every 250 ms
    for (let waited = 0; waited < 6000 && (await connections()) > before; waited += 250) await sleep(250);
    expect([ended, await connections()]).toEqual([true, before]);
    socket.destroy();
  }, 10_000);

  it("empty lines after a request leave the connection idle: closed quietly at the keep-alive timeout, no 408", async () => {
    const raw = await RawClient.open(server.url);
    raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n\r\n");
    expect((await raw.reply()).body).toBe("Healthy");
    expect(await raw.end(3000)).toBe("");
  });

  it.each([
    ["constructor", 400],
    ["__proto__", 400],
    ["toString", 400],
    ["*", 400],
    ["http://127.0.0.1/", 200],
    ["http://127.0.0.1", 200],
    ["HTTP://example.test/swagger.json?x=1", 200],
    ["http://example.test/predict", 404],
  ])(
    "GET %s → %i (absolute form accepted; a target that is not a path is a 400, never a 500)",
    async (target, status) => {
      const raw = await RawClient.open(server.url);
      raw.send(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
      expect((await raw.reply()).status).toBe(status);
      raw.socket.destroy();
    },
  );

  it("Host: exactly one in HTTP/1.1 (none or two → 400); HTTP/1.0 may omit it", async () => {
    const none = await answerThenClose("GET / HTTP/1.1\r\n\r\n");
    expect([none.status, none.body]).toEqual([400, expect.stringContaining("no Host header")]);
    const two = await answerThenClose("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    expect([two.status, two.body]).toEqual([400, expect.stringContaining("more than one Host header")]);
    const old = await answerThenClose("GET / HTTP/1.0\r\n\r\n");
    expect([old.status, old.body]).toEqual([200, "Healthy"]);
  });
});
