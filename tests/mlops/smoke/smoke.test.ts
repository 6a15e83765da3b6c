import { readFile, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command } from "../../../mlops/cli/commands/smoke-test.js";
import { predictorOf } from "../../../mlops/contract/index.js";
import { startServer } from "../../../mlops/server/index.js";
import { smokeOfFile, smokeOfModel, smokeTest } from "../../../mlops/smoke/index.js";
import { leastSquares, tempRoot } from "../fixtures/index.js";
import type { LeastSquares } from "../fixtures/models/least-squares.js";
import { MemorySink, startTestServer, type TestServer } from "../server/helpers.js";
import { relClose } from "../server/oracles.js";

// The smoke test against the real server answering the regression fixture; the expected answer is the model
// folder's smoke.json, and the oracle (bias + Σ w·x from weights.json) says what the values must be.
let server: TestServer;
let dir: string;
let cleanup = () => {};
/** The model folder's smoke.json (what the CD pipeline passes as --expected). */
let smokeFile: string;

beforeAll(async () => {
  ({ root: dir, cleanup } = tempRoot("mlops-smoke-"));
  server = await startTestServer();
  smokeFile = join(server.modelDir, "smoke.json");
});
afterAll(async () => {
  await server?.stop();
  cleanup();
});

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
const close = (s: Server) => new Promise((resolve) => s.close(resolve));

describe("smoke test", () => {
  it("passes against the real server with the model's smoke.json, read from the folder or as a file", async () => {
    const fromModel = await smokeOfModel(server.modelDir, leastSquares);
    expect(fromModel.input).toEqual(server.smoke.input);
    for (const [i, y] of fromModel.result.entries()) expect(relClose(y as number, server.smoke.result[i])).toBe(true);
    const result = await smokeTest({ url: server.url, expected: fromModel, deadlineMs: 5000 });
    expect(result).toMatchObject({ url: `${server.url}/score`, attempts: 1 });
    expect(result.maxRelativeError).toBeLessThanOrEqual(1e-9);
    for (const [i, y] of result.result.entries()) expect(relClose(y as number, server.smoke.result[i])).toBe(true);
    const fromFile = await smokeOfFile(smokeFile);
    expect(fromFile).toEqual(fromModel);
    expect((await smokeTest({ url: `${server.url}/score`, expected: fromFile, deadlineMs: 5000 })).attempts).toBe(1);
  });

  it("a smoke file must hold the payload (input.data) and one result per row", async () => {
    const file = join(dir, "smoke.json");
    await writeFile(file, JSON.stringify({ result: server.smoke.result }));
    await expect(smokeOfFile(file)).rejects.toThrow(`--expected ${file}: "input.data" must be a list of rows`);
    await writeFile(file, JSON.stringify({ input: server.smoke.input, result: server.smoke.result.slice(1) }));
    await expect(smokeOfFile(file)).rejects.toThrow("2 input rows but 1 results");
    await expect(smokeOfFile(join(dir, "nope.json"))).rejects.toThrow("no such file");
  });

  it("fails when the expected values are off, whichever side is wrong", async () => {
    const file = join(dir, "off.json");
    const result = server.smoke.result.map((y, i) => (i === 1 ? y * (1 + 1e-6) : y));
    await writeFile(file, JSON.stringify({ input: server.smoke.input, result }));
    await expect(smokeTest({ url: server.url, expected: await smokeOfFile(file), deadlineMs: 5000 })).rejects.toThrow(
      /\/score: result\[1\] is \S+, expected \S+ \(relative error 1\.00e-6 > 1e-9\)/,
    );
  });

  it("retries 503s with backoff until the service recovers", async () => {
    let calls = 0;
    const flaky = createServer((req, res) => {
      calls++;
      if (calls <= 2) {
        res.writeHead(503, { "Content-Type": "application/json" }).end('{"error": "warming up"}');
        return;
      }
      // Then forward to the real scoring server.
      const upstream = request(`${server.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    const url = await listen(flaky);
    try {
      const retries: string[] = [];
      const result = await smokeTest({
        url,
        expected: await smokeOfFile(smokeFile),
        deadlineMs: 20_000,
        onRetry: (_n, reason) => void retries.push(reason),
      });
      expect(result.attempts).toBe(3);
      expect(retries).toEqual(['HTTP 503: {"error": "warming up"}', 'HTTP 503: {"error": "warming up"}']);
    } finally {
      await close(flaky);
    }
  });

  it("retries connection errors until the server comes up", async () => {
    const probe = createServer();
    const url = await listen(probe);
    await close(probe); // a free port with nothing listening yet
    let late: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const result = await smokeTest({
        url,
        expected: await smokeOfFile(smokeFile),
        deadlineMs: 20_000,
        onRetry: async (attempt, reason) => {
          expect(reason).toContain("cannot connect (ECONNREFUSED)");
          if (attempt === 1) {
            const port = Number(new URL(url).port);
            late = await startServer({ predictor: server.predictor, port, logSink: new MemorySink() });
          }
        },
      });
      expect(result.attempts).toBe(2);
    } finally {
      await late?.close();
    }
  });

  it("fails on wrong values, naming the value, the expectation and the error", async () => {
    // The same model, its bias off by 1e-3: a server that answers, but not what smoke.json says.
    const fitted = JSON.parse(await readFile(join(server.modelDir, "weights.json"), "utf8")) as LeastSquares;
    const offModel = { ...fitted, bias: fitted.bias + 1e-3 };
    const predictor = predictorOf(leastSquares, offModel, server.predictor.info);
    const off = await startServer({ predictor, host: "127.0.0.1", port: 0, logSink: new MemorySink() });
    try {
      const expected = await smokeOfFile(smokeFile);
      const failure = await smokeTest({ url: off.url, expected, deadlineMs: 5000 }).then(
        () => "passed",
        (error: Error) => error.message,
      );
      const m = /result\[0\] is (\S+), expected (\S+) \(relative error (\d\.\d\de-\d+) > 1e-9\)$/.exec(failure);
      expect(m, failure).not.toBeNull();
      const [, got, want] = (m as RegExpExecArray).map(Number);
      expect(relClose(got, server.smoke.result[0] + 1e-3, 1e-12)).toBe(true);
      expect(want).toBe(expected.result[0]);
      // The CLI exits non-zero with that one line.
      await expect(command.run(["--url", off.url, "--expected", smokeFile, "--deadline-seconds", "1"])).rejects.toThrow(
        "result[0] is",
      );
    } finally {
      await off.close();
    }
  });

  it("fails at once on a 4xx (no key), and after the deadline when the service stays down", async () => {
    const expected = await smokeOfFile(smokeFile);
    const keyed = await startTestServer({ key: "k" });
    try {
      await expect(smokeTest({ url: keyed.url, expected, deadlineMs: 60_000 })).rejects.toThrow(
        /HTTP 401: .*missing Authorization/,
      );
      // Another model folder (the same training, so the same smoke answer): passes with the key.
      expect((await smokeTest({ url: keyed.url, key: "k", expected, deadlineMs: 5000 })).attempts).toBe(1);
    } finally {
      await keyed.stop();
    }
    const probe = createServer();
    const url = await listen(probe);
    await close(probe);
    await expect(smokeTest({ url, expected, deadlineMs: 600 })).rejects.toThrow(
      /(cannot connect \(ECONNREFUSED\)|no answer within \d+ ms) \(after \d+ attempts\)/,
    );
  });

  it("the CLI passes against the real server with --expected and prints the values", async () => {
    const logs: string[] = [];
    const original = console.log;
    console.log = (line: string) => void logs.push(line);
    try {
      expect(await command.run(["--url", server.url, "--expected", smokeFile])).toBe(0);
    } finally {
      console.log = original;
    }
    const m = /^mlops smoke-test: OK http:\/\/127\.0\.0\.1:\d+\/score answered (\[[^\]]*\]) \(max relative error/.exec(
      logs[0],
    );
    expect(m, logs[0]).not.toBeNull();
    const printed = JSON.parse((m as RegExpExecArray)[1]) as number[];
    expect(printed).toHaveLength(server.smoke.result.length);
    for (const [i, y] of printed.entries()) expect(relClose(y, server.smoke.result[i])).toBe(true);
    await expect(command.run(["--url", server.url, "--expected", smokeFile, "--model", "x"])).rejects.toThrow(
      "pass --expected or --model, not both",
    );
  });
});
