// The HTTP/1.1 transport (mlops/server/http1/) over real TCP sockets: framing, pipelining, keep-alive, the
// request-smuggling guards and backpressure, byte for byte as a client (or an attacker) would send them.
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
import { relClose } from "./oracles.js";

let server: TestServer;
let smoke: string;
let smokeResult: number[];
let swagger: string;
const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
const post = (body: string, extra = "") =>
  `POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
const CLOSE = "Connection: close\r\n";

function expectSmoke(reply: RawReply): void {
  expect(reply.status, reply.body).toBe(200);
  const { result } = JSON.parse(reply.body) as { result: number[] };
  expect(result).toHaveLength(smokeResult.length);
  for (const [i, y] of result.entries()) expect(relClose(y, smokeResult[i]), `${y} vs ${smokeResult[i]}`).toBe(true);
}

/** Sends `request` on a fresh connection: one answer of `status`, then the server closes without another. */
async function expectRefused(request: string, status: number): Promise<RawReply> {
  const reply = await oneAnswerThenClose(server.url, request);
  expect([reply.status, reply.headers.connection], JSON.stringify(request)).toEqual([status, "close"]);
  return reply;
}

beforeAll(async () => {
  server = await startTestServer({ headersTimeoutMs: 1000, requestTimeoutMs: 3000, keepAliveTimeoutMs: 1500 });
  smoke = JSON.stringify({ data: server.smoke.input.data });
  smokeResult = server.smoke.result;
  swagger = await (await fetch(`${server.url}/swagger.json`)).text();
});
afterAll(() => server.stop());

describe("HTTP/1.1 transport over raw TCP", () => {
  it("pipelining: three requests in one write get three answers in order; nothing after Connection: close", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(get("/") + post(smoke) + get("/swagger.json", CLOSE) + get("/"));
    expect((await raw.reply()).body).toBe("Healthy");
    expectSmoke(await raw.reply());
    const third = await raw.reply();
    expect([third.status, third.body, third.headers.connection]).toEqual([200, swagger, "close"]);
    expect(await raw.end()).toBe("");
  });

  it("keep-alive: HTTP/1.1 by default; HTTP/1.0 only when asked, and then said so", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(get("/"));
    const first = await raw.reply();
    expect([first.body, first.headers.connection]).toEqual(["Healthy", undefined]);
    raw.send(post(smoke));
    expectSmoke(await raw.reply());
    raw.socket.end();

    const close = await expectRefused("GET / HTTP/1.0\r\n\r\n", 200);
    expect(close.body).toBe("Healthy");

    const old = await RawClient.open(server.url);
    for (let i = 0; i < 2; i++) {
      old.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      const reply = await old.reply();
      expect([reply.body, reply.headers.connection]).toEqual(["Healthy", "keep-alive"]);
    }
    await sleep(100);
    expect(old.closed).toBe(false);
    old.socket.destroy();
  });

  it("an answer from the head alone (404, 405, 415) skips a Content-Length body and keeps the connection", async () => {
    const raw = await RawClient.open(server.url);
    const form = post("a=1&b=2").replace("application/json", "application/x-www-form-urlencoded");
    const missing = post(smoke).replace("POST /score", "POST /predict");
    const wrongMethod = post(smoke).replace("POST /score", "PUT /score");
    raw.send(form + missing + wrongMethod + post(smoke));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await raw.reply()).status);
    expect(statuses).toEqual([415, 404, 405]);
    expectSmoke(await raw.reply()); // the bodies were skipped, not read as requests
    await sleep(50);
    expect(raw.closed).toBe(false);
    raw.socket.destroy();
    // A chunked body it did not read leaves no way to find the next request: the connection closes.
    const chunked = CHUNKED.replace("application/json", "text/plain");
    await expectRefused(`${chunked}5\r\nhello\r\n0\r\n\r\n${get("/")}`, 415);
  });

  it("heads and bodies split across many writes (byte by byte) are read as if sent whole", async () => {
    const raw = await RawClient.open(server.url);
    await raw.trickle(post(smoke) + get("/", CLOSE), 1);
    expectSmoke(await raw.reply());
    expect((await raw.reply()).body).toBe("Healthy");
    expect(await raw.end()).toBe("");
  });

  it("chunked bodies: extensions, upper-case hex sizes and trailers; the next request starts after the trailer", async () => {
    const sizes = [5, 26, smoke.length - 31];
    let body = "";
    let at = 0;
    for (const [k, n] of sizes.entries()) {
      body += `${n.toString(16).toUpperCase()}${k === 0 ? ";foo=bar" : ""}\r\n${smoke.slice(at, at + n)}\r\n`;
      at += n;
    }
    expect(body).toContain("\r\n1A\r\n");
    const raw = await RawClient.open(server.url);
    await raw.trickle(`${CHUNKED}${body}0\r\nX-Checksum: abc\r\n\r\n${get("/", CLOSE)}`, 7);
    expectSmoke(await raw.reply());
    expect((await raw.reply()).body).toBe("Healthy");
    expect(await raw.end()).toBe("");
  });

  it.each([
    ["a size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"],
    ["a 0x prefix", "0x5\r\nhello\r\n0\r\n\r\n"],
    ["a negative size", "-5\r\nhello\r\n0\r\n\r\n"],
    ["no CRLF after the chunk data", "5\r\nhelloX\r\n0\r\n\r\n"],
    ["junk after the size (only whitespace then ; may follow)", "5 zz\r\nhello\r\n0\r\n\r\n"],
  ])("malformed chunked body (%s) → 400 and close", async (_name, chunks) => {
    const reply = await expectRefused(CHUNKED + chunks + get("/"), 400);
    expect(reply.body).toContain("malformed chunked body");
  });

  it("Expect: 100-continue gets 100 Continue before the body is sent; other expectations → 417", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(post(smoke, "Expect: 100-continue\r\n").slice(0, -smoke.length));
    expect(await raw.reply()).toEqual({ status: 100, headers: {}, body: "" });
    raw.send(smoke);
    expectSmoke(await raw.reply());
    raw.socket.destroy();
    const reply = await expectRefused(post(smoke, "Expect: the-unexpected\r\n"), 417);
    expect(reply.body).toContain("only 100-continue");
  });

  it("HTTP/1.0: expectations are ignored (no 100 Continue, no 417); chunked framing is answered, then closed", async () => {
    const raw = await RawClient.open(server.url);
    const v10 = (extra: string) => post(smoke, `Connection: keep-alive\r\n${extra}`).replace("HTTP/1.1", "HTTP/1.0");
    raw.send(v10("Expect: 100-continue\r\n") + v10("Expect: the-unexpected\r\n"));
    expectSmoke(await raw.reply()); // not a 100 first
    expectSmoke(await raw.reply());
    raw.socket.destroy();
    const chunked = await RawClient.open(server.url);
    const framed = `${CHUNKED.replace("HTTP/1.1", "HTTP/1.0").replace("\r\n\r\n", "\r\nConnection: keep-alive\r\n\r\n")}${smoke.length.toString(16)}\r\n${smoke}\r\n0\r\n\r\n`;
    chunked.send(framed + get("/"));
    const reply = await chunked.reply();
    expectSmoke(reply);
    expect(reply.headers.connection).toBe("close");
    expect(await chunked.end()).toBe("");
  });

  it("a head with bare LF line ends is refused at once, not after the headers timeout", async () => {
    const started = performance.now();
    await expectRefused("GET / HTTP/1.1\nHost: x\n\n", 400);
    expect(performance.now() - started).toBeLessThan(500); // the headers timeout here is 1,000 ms
  });

  const smuggling: [string, string][] = [
    ["Content-Length and Transfer-Encoding", post("0\r\n\r\n", "Transfer-Encoding: chunked\r\n")],
    ["two different Content-Length values", post("abcde", "Content-Length: 6\r\n")],
    ["Content-Length 12a", post("").replace("Content-Length: 0", "Content-Length: 12a")],
    ["Content-Length -1", post("").replace("Content-Length: 0", "Content-Length: -1")],
    ["Content-Length +5", `${post("").replace("Content-Length: 0", "Content-Length: +5")}hello`],
    ["a space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n"],
    ["obs-fold", "GET / HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n"],
    ["bare LF line ends", "GET / HTTP/1.1\nHost: x\n\n"],
    ["Transfer-Encoding gzip", "POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"],
    [
      "Transfer-Encoding gzip, chunked",
      "POST /score HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    ],
    ["a control character in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n"],
    ["a bare CR in a value", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n"],
    ["a space in the target", "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["a non-ASCII byte in the target", "GET /\xe9 HTTP/1.1\r\nHost: x\r\n\r\n"],
    ["HTTP/2.0", "GET / HTTP/2.0\r\nHost: x\r\n\r\n"],
  ];
  it.each(smuggling)("request smuggling guard: %s → 400, close, the request behind it unanswered", async (_n, r) => {
    const reply = await expectRefused(r + get("/swagger.json"), 400);
    expect(reply.body).toContain("malformed HTTP request");
  });

  it("headers over 16 KiB → 431 and close; just under the limit is fine", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(get("/", `X-Big: ${"a".repeat(15 * 1024)}\r\n${CLOSE}`));
    expect((await raw.reply()).status).toBe(200);
    await raw.end();
    const reply = await expectRefused(get("/", `X-Big: ${"a".repeat(16 * 1024)}\r\n`), 431);
    expect(reply.body).toContain("headers are too large");
  });

  it("HEAD / has GET /'s headers (Content-Length of Healthy) and no body", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(
      `HEAD / HTTP/1.1\r\nHost: x\r\nx-ms-request-id: same\r\n\r\n${get("/", `x-ms-request-id: same\r\n${CLOSE}`)}`,
    );
    const head = await raw.reply(true);
    const full = await raw.reply(); // would fail to parse had HEAD sent body bytes
    expect([head.body, head.headers["content-length"], full.body]).toEqual(["", "7", "Healthy"]);
    expect({ ...head.headers, date: "", connection: "close" }).toEqual({ ...full.headers, date: "" });
    expect(await raw.end()).toBe("");
  });

  it("every answer echoes x-ms-request-id (a fresh UUID when absent or not a plain token) and carries a Date", async () => {
    const id = (v: string) => `x-ms-request-id: ${v}\r\n`;
    const raw = await RawClient.open(server.url);
    // The 415 is answered from the head alone: its body is not read, so that answer closes the connection.
    raw.send(
      get("/", id("id-200")) +
        get("/nope", id("id-404")) +
        `DELETE / HTTP/1.1\r\nHost: x\r\n${id("id-405")}\r\n` +
        post("{", id("id-400")) +
        post(smoke, id("id.200:b")) +
        get("/") +
        get("/", id("not a token")) +
        post(smoke, id("id-415")).replace("application/json", "text/plain"),
    );
    const want = ["id-200", "id-404", "id-405", "id-400", "id.200:b", "uuid", "uuid", "id-415"];
    const statuses = [200, 404, 405, 400, 200, 200, 200, 415];
    for (const [i, expected] of want.entries()) {
      const { status, headers } = await raw.reply();
      expect(status, `answer ${i}`).toBe(statuses[i]);
      if (expected === "uuid") expect(headers["x-ms-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f-]{27}$/);
      else expect(headers["x-ms-request-id"], `answer ${i}`).toBe(expected);
      expect(Math.abs(Date.parse(headers.date) - Date.now()), headers.date).toBeLessThan(5_000);
    }
    expect(await raw.end()).toBe("");
  });

  it("empty lines (CRLF) before a request line are ignored", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(`\r\n\r\n${get("/")}\r\n${get("/", CLOSE)}`);
    expect((await raw.reply()).body).toBe("Healthy");
    expect((await raw.reply()).body).toBe("Healthy");
    expect(await raw.end()).toBe("");
  });

  it("an idle keep-alive connection is closed after the keep-alive timeout (1.5 s here), not before", async () => {
    const raw = await RawClient.open(server.url);
    raw.send(get("/"));
    await raw.reply();
    const answered = Date.now();
    await sleep(1_000);
    expect(raw.closed).toBe(false);
    expect(await raw.end(1_500)).toBe("");
    expect(Date.now() - answered).toBeGreaterThanOrEqual(1_400);
  });

  it("backpressure: a client that does not read stops being read; others are served; then it gets every answer in order", async () => {
    const n = 2000;
    const slow = await RawClient.open(server.url, false);
    slow.send(Array.from({ length: n }, (_, i) => get("/swagger.json", `x-ms-request-id: bp-${i}\r\n`)).join(""));
    await sleep(500);
    const other = await RawClient.open(server.url);
    const start = performance.now();
    other.send(get("/", CLOSE));
    expect((await other.reply(false, 1_000)).body).toBe("Healthy");
    expect(performance.now() - start).toBeLessThan(1_000);
    // The server stopped answering once its writes backed up: 2,000 answers are ~10 MB, more than the socket
    // buffers hold (~700 answers got out here). The log lines are flushed every 50 ms.
    const answered = server.sink.records().filter((r) => r.requestId.startsWith("bp-")).length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(n);
    slow.read();
    for (let i = 0; i < n; i++) {
      const reply = await slow.reply();
      if (reply.headers["x-ms-request-id"] !== `bp-${i}` || reply.status !== 200 || reply.body !== swagger) {
        expect([i, reply.status, reply.headers["x-ms-request-id"], reply.body.length]).toEqual([
          i,
          200,
          `bp-${i}`,
          swagger.length,
        ]);
      }
    }
    slow.socket.destroy();
  });

  it("never a 5xx, never a crash: after all of the above GET / still answers 200", async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    await sleep(100); // the log's flush interval
    const statuses = server.sink.records().map((r) => r.status);
    expect(statuses.length).toBeGreaterThan(2_000);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
