// The differential corpus (tests/mlops/server/http1-corpus/): several hundred raw requests — smuggling shapes,
// framing, line endings, control bytes, oversized parts, pipelining — each with a committed verdict that agrees
// with llhttp (node:http's parser) or names the RFC clause that allows the difference. The transport must answer
// every one exactly as committed: which requests it reads (method, target, body), which it refuses and with what
// status, and whether it closes. `npx tsx tests/mlops/server/http1-corpus/llhttp-verdicts.ts` regenerates
// llhttp's answers for review (llhttp differs between Node versions: the committed verdicts are the oracle).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASES } from "./http1-corpus/cases.js";
import { exchange, pooled } from "./http1-corpus/exchange.js";
import { type EchoServer, startTransportEcho } from "./http1-corpus/servers.js";
import { corpusProblems, readVerdicts } from "./http1-corpus/verdicts.js";

const verdicts = readVerdicts();
let server: EchoServer;
beforeAll(async () => {
  server = await startTransportEcho();
});
afterAll(() => server.close());

describe("HTTP/1.1 transport: the differential corpus", () => {
  it("has at least 150 cases, each with a committed verdict that is llhttp's or names an RFC clause", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    expect(corpusProblems(CASES, verdicts)).toEqual([]);
  });

  it("answers every case as its committed verdict says", async () => {
    const answers = await pooled(CASES, 24, (c) => exchange(server.port, c.request));
    const differing = CASES.flatMap((c, i) => {
      const expected = verdicts.cases[c.name]?.verdict;
      return answers[i] === expected ? [] : [{ c, expected, answered: answers[i] }];
    });
    // "open" means 150 ms of silence: on a loaded machine 24 exchanges at once can stall that long. A case that
    // differed is asked again alone with 2 s of patience; a transport that answers it wrong answers it wrong again.
    const wrong: { case: string; expected: string | undefined; answered: string }[] = [];
    for (const { c, expected, answered } of differing) {
      const again = await exchange(server.port, c.request, { settleMs: 2000, timeoutMs: 10_000 });
      if (again !== expected) wrong.push({ case: c.name, expected, answered: `${answered}, then alone ${again}` });
    }
    expect(wrong).toEqual([]);
  });

  it("Transfer-Encoding: chunked followed by 0xA0 is refused (400) and closed; the request behind it never runs", async () => {
    const request =
      "POST /p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\xa0\r\n\r\n5\r\nhello\r\n0\r\n\r\n" +
      "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    expect(await exchange(server.port, request)).toBe("400 | close");
  });
});
