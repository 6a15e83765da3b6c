import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command } from "../../../mlops/cli/commands/smoke-test.js";
import { saveModel } from "../../../mlops/model-format/index.js";
import { loadScorer, startServer } from "../../../mlops/server/index.js";
import { SAMPLE_SMOKE, smokeOfFile, smokeOfModel, smokeTest } from "../../../mlops/smoke/index.js";
import { readExpected } from "../../scoring/seed-model.js";
import { MemorySink, startTestServer, type TestServer } from "../server/helpers.js";

let server: TestServer;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), "mlops-smoke-"));
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
const close = (s: Server) => new Promise((resolve) => s.close(resolve));

describe("smoke test", () => {
  it("keeps the documented sample values in one place, equal to scikit-learn's reference", async () => {
    const expected = await readExpected();
    expect(SAMPLE_SMOKE.input.data).toEqual(expected.smoke_input);
    expect(SAMPLE_SMOKE.result).toEqual(expected.smoke_result);
  });

  it("passes against the real server: sample values, the model's smoke.json, a smoke file", async () => {
    const sample = await smokeTest({ url: server.url, expected: SAMPLE_SMOKE, deadlineMs: 5000 });
    expect(sample).toMatchObject({ url: `${server.url}/score`, attempts: 1 });
    expect(sample.maxRelativeError).toBeLessThanOrEqual(1e-9);
    const fromModel = await smokeOfModel(server.modelDir);
    expect((await smokeTest({ url: `${server.url}/score`, expected: fromModel, deadlineMs: 5000 })).result).toEqual(
      fromModel.result,
    );
    const file = join(dir, "smoke.json");
    await writeFile(file, JSON.stringify({ result: SAMPLE_SMOKE.result }));
    expect((await smokeTest({ url: server.url, expected: await smokeOfFile(file), deadlineMs: 5000 })).attempts).toBe(
      1,
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
        expected: SAMPLE_SMOKE,
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
    const fixture = await loadScorer(server.modelDir);
    let late: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const result = await smokeTest({
        url,
        expected: SAMPLE_SMOKE,
        deadlineMs: 20_000,
        onRetry: async (attempt, reason) => {
          expect(reason).toContain("cannot connect (ECONNREFUSED)");
          if (attempt === 1)
            late = await startServer({ scorer: fixture, port: Number(new URL(url).port), logSink: new MemorySink() });
        },
      });
      expect(result.attempts).toBe(2);
    } finally {
      await late?.close();
    }
  });

  it("fails on wrong values, naming the value, the expectation and the error", async () => {
    const model = { ...server.model, intercept: server.model.intercept + 1e-3 };
    const modelDir = join(dir, "off-by-a-little");
    await saveModel(modelDir, model, { runId: "test", inputExample: SAMPLE_SMOKE.input.data });
    const off = await startServer({ scorer: await loadScorer(modelDir), port: 0, logSink: new MemorySink() });
    try {
      await expect(smokeTest({ url: off.url, expected: SAMPLE_SMOKE, deadlineMs: 5000 })).rejects.toThrow(
        /result\[0\] is 5113\.1006\d+, expected 5113\.09964212281 \(relative error \d\.\d+e-7 > 1e-9\)/,
      );
      // The CLI exits non-zero with that one line.
      await expect(command.run(["--url", off.url, "--deadline-seconds", "1"])).rejects.toThrow("result[0] is");
    } finally {
      await off.close();
      await loadScorer(server.modelDir); // the scoring module holds one model per process: restore the seed model
    }
  });

  it("fails at once on a 4xx (no key), and after the deadline when the service stays down", async () => {
    const keyed = await startTestServer({ key: "k" });
    try {
      await expect(smokeTest({ url: keyed.url, expected: SAMPLE_SMOKE, deadlineMs: 60_000 })).rejects.toThrow(
        /HTTP 401: .*missing Authorization/,
      );
      expect((await smokeTest({ url: keyed.url, key: "k", expected: SAMPLE_SMOKE, deadlineMs: 5000 })).attempts).toBe(
        1,
      );
    } finally {
      await keyed.stop();
    }
    const probe = createServer();
    const url = await listen(probe);
    await close(probe);
    await expect(smokeTest({ url, expected: SAMPLE_SMOKE, deadlineMs: 600 })).rejects.toThrow(
      /(cannot connect \(ECONNREFUSED\)|no answer within \d+ ms) \(after \d+ attempts\)/,
    );
  });

  it("the CLI passes against the real server and prints the values", async () => {
    const logs: string[] = [];
    const original = console.log;
    console.log = (line: string) => void logs.push(line);
    try {
      expect(await command.run(["--url", server.url, "--model", server.modelDir])).toBe(0);
    } finally {
      console.log = original;
    }
    expect(logs[0]).toMatch(
      /^mlops smoke-test: OK http:\/\/127\.0\.0\.1:\d+\/score answered \[5113\.09964212281,3713\.6329271385\d*\]/,
    );
  });
});
