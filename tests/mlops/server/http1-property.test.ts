// Property: random bytes inserted anywhere in a framing header line (Transfer-Encoding, Content-Length, Host,
// Connection) — around and inside its name and its value's token — never make the transport accept what llhttp
// refuses. The request behind it would otherwise be read two ways by a front end and this server.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exchange } from "./http1-corpus/exchange.js";
import { NEXT } from "./http1-corpus/requests.js";
import { type EchoServer, startLlhttpEcho, startTransportEcho } from "./http1-corpus/servers.js";

/** A request around one framing header line; the line is where the bytes go. */
interface Base {
  readonly before: string;
  readonly line: string;
  readonly after: string;
}

const BASES: readonly Base[] = [
  {
    before: "POST /p HTTP/1.1\r\nHost: x\r\n",
    line: "Transfer-Encoding: chunked",
    after: `\r\n\r\n5\r\nhello\r\n0\r\n\r\n${NEXT}`,
  },
  { before: "POST /p HTTP/1.1\r\nHost: x\r\n", line: "Content-Length: 5", after: `\r\n\r\nhello${NEXT}` },
  { before: "GET / HTTP/1.1\r\n", line: "Host: x", after: `\r\n\r\n${NEXT}` },
  { before: "GET / HTTP/1.1\r\nHost: x\r\n", line: "Connection: close", after: `\r\n\r\n${NEXT}` },
  { before: "GET / HTTP/1.0\r\n", line: "Connection: keep-alive", after: `\r\n\r\n${NEXT}` },
];

/** Bytes that parsers disagree on (whitespace of some definition, separators, obs-text, controls), or any byte. */
const INTERESTING = [0x20, 0x09, 0xa0, 0x85, 0x0b, 0x0c, 0x00, 0x0d, 0x0a, 0x2c, 0x3b, 0x22, 0x3d, 0x7f, 0xff];
const byte = fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 }));

const mutation = fc
  .record({
    base: fc.constantFrom(...BASES),
    at: fc.nat(),
    bytes: fc.array(byte, { minLength: 1, maxLength: 3 }),
  })
  .map(({ base, at, bytes }) => {
    const i = at % (base.line.length + 1);
    const line = base.line.slice(0, i) + String.fromCharCode(...bytes) + base.line.slice(i);
    return { line, request: base.before + line + base.after };
  });

/** Whether an exchange's answers hold a refusal of something the client sent: a 4xx, or 501 (unknown method). */
const refused = (verdict: string): boolean =>
  verdict.split(" | ").some((answer) => /^(4\d\d|501)$/.test(answer.split(" ")[0]));

let ours: EchoServer;
let llhttp: EchoServer;
beforeAll(async () => {
  [ours, llhttp] = await Promise.all([startTransportEcho(), startLlhttpEcho()]);
});
afterAll(() => Promise.all([ours.close(), llhttp.close()]));

describe("HTTP/1.1 transport: random bytes around the framing headers' tokens", () => {
  it("refuses whenever llhttp refuses", async () => {
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async ({ request }) => {
        const [theirs, mine] = await Promise.all([
          exchange(llhttp.port, request, { halfClose: true }),
          exchange(ours.port, request, { halfClose: true }),
        ]);
        if (!refused(theirs)) return true;
        refusals++;
        return refused(mine);
      }),
      { numRuns: 300 },
    );
    // The property has teeth: llhttp refused a good share of the mutations.
    expect(refusals).toBeGreaterThan(30);
  });
});
