import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smokeRequest } from "../../../mlops/smoke/index.js";
import { tempRoot, trainFixture } from "../fixtures/index.js";
import { type FixtureProject, fixtureProject } from "../fixtures/project.js";
import { waitForLine } from "./child.js";
import { parseRaw } from "./helpers.js";
import { type LinearOracle, linearOracle, relClose } from "./oracles.js";

// `mlops serve` serves through the project's scoring/: here a copy of the repository whose model is the regression
// fixture (the machinery knows no model), serving a fixture model folder.
let project: FixtureProject | undefined;
let cleanup = () => {};
let modelDir: string;
let oracle: LinearOracle;
let smoke: { columns: string[]; data: number[][] };
const children: ChildProcess[] = [];
beforeAll(async () => {
  project = fixtureProject("regression");
  const temp = tempRoot("mlops-serve-cli-");
  cleanup = temp.cleanup;
  modelDir = join(temp.root, "model");
  await trainFixture("regression", temp.root);
  oracle = await linearOracle(modelDir);
  smoke = JSON.parse(readFileSync(join(modelDir, "smoke.json"), "utf8")).input;
});
afterAll(() => {
  // Even when a test timed out before its own clean-up: no server outlives the suite.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  cleanup();
  project?.cleanup();
});

/** `mlops serve` as a child process of this test. */
function serve(args: readonly string[], stdout: "pipe" | "ignore"): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "mlops/cli/main.ts", "serve", "--model", modelDir, "--port", "0", ...args],
    {
      cwd: project?.root,
      stdio: ["ignore", stdout, "pipe"],
    },
  );
  children.push(child);
  return child;
}

describe("mlops serve (the CLI, as a process)", () => {
  it("serves the smoke payload, then on SIGTERM stops accepting, finishes the in-flight request and exits 0", async () => {
    const child = serve([], "pipe");
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const [, url, port] = await waitForLine(child, /on (http:\/\/127\.0\.0\.1:(\d+))/);
      const body = smokeRequest(smoke);

      // An in-flight request: headers and half the body now, the rest after SIGTERM.
      const socket = connect(Number(port), "127.0.0.1");
      await new Promise((resolve) => socket.once("connect", resolve));
      let response = "";
      socket.on("data", (d: Buffer) => {
        response += d.toString();
      });
      socket.on("error", (e) => {
        response += `socket error: ${e.message}`; // shows up in the assertion on the response
      });
      const closed = new Promise((resolve) => socket.once("close", resolve));
      socket.write(
        `POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nx-ms-request-id: inflight-1\r\n\r\n`,
      );
      socket.write(body.slice(0, 10));

      const stopping = waitForLine(child, /SIGTERM: finishing in-flight requests/);
      child.kill("SIGTERM");
      await stopping;
      // No new connections once shutdown began.
      const refused = await new Promise<string>((resolve) => {
        const probe = connect(Number(port), "127.0.0.1");
        probe.once("connect", () => {
          probe.destroy();
          resolve("connected");
        });
        probe.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      });
      expect(refused).toBe("ECONNREFUSED");

      socket.write(body.slice(10));
      await closed;
      const { status, body: json } = parseRaw(response);
      expect(status).toBe(200);
      expect(response).toMatch(/\r\nConnection: close\r\n/i);
      const result = (json as { result: number[] }).result;
      expect(result).toHaveLength(smoke.data.length);
      for (const [i, y] of result.entries()) expect(relClose(y, oracle.predict(smoke.data[i]))).toBe(true);
      expect(await exited).toBe(0);
      // The buffered request log was flushed before exiting.
      const line = stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l))
        .find((r) => r.requestId === "inflight-1");
      expect(line).toMatchObject({ method: "POST", path: "/score", status: 200, predictions: 2 });
      expect(url).toContain("127.0.0.1");
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("--workers 2 serves from two processes sharing the port and stops them all on SIGTERM", async () => {
    const child = serve(["--workers", "2"], "ignore");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    try {
      const [, url] = await waitForLine(child, /on (http:\/\/127\.0\.0\.1:\d+) — .*; 2 workers/);
      const res = await fetch(`${url}/score`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: smokeRequest(smoke),
      });
      const { result } = (await res.json()) as { result: number[] };
      expect(result).toHaveLength(smoke.data.length);
      for (const [i, y] of result.entries()) expect(relClose(y, oracle.predict(smoke.data[i]))).toBe(true);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
