import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { type FakeRun, logBatch, MlflowError } from "./rules.js";

/** A failure the fake answers with before handling a request normally. */
export interface MlflowFault {
  readonly status: number;
  readonly retryAfter?: string;
  times: number;
}

/** One request the fake received (no headers kept: the token stays out of test output). */
export interface MlflowCall {
  readonly path: string;
  readonly status: number;
  readonly bearer: boolean;
  readonly body: string;
}

export interface FakeMlflow {
  /** `http://127.0.0.1:<port><basePath>`: what MLFLOW_TRACKING_URI is set to. */
  readonly trackingUri: string;
  readonly runs: Map<string, FakeRun>;
  readonly calls: MlflowCall[];
  readonly faults: MlflowFault[];
  /** A run exists before a step logs to it (Azure ML creates the job's run). */
  createRun(runId: string): FakeRun;
  close(): Promise<void>;
}

/**
 * An MLflow tracking server on 127.0.0.1 answering `POST <basePath>/api/2.0/mlflow/runs/log-batch` as MLflow does
 * (rules.ts names the sources). Like Azure ML's tracking endpoint (the workspace's MLflow URI is
 * `…/mlflow/v1.0/subscriptions/…/workspaces/<ws>`, azureml-mlflow sends the job's token as `Authorization: Bearer`),
 * it sits under a base path and, given a token, refuses requests without it (401 UNAUTHENTICATED).
 */
export async function startFakeMlflow(options: { basePath?: string; token?: string } = {}): Promise<FakeMlflow> {
  const basePath = options.basePath ?? "";
  const runs = new Map<string, FakeRun>();
  const calls: MlflowCall[] = [];
  const faults: MlflowFault[] = [];
  const server = createServer((req, res) => {
    readBody(req).then((text) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      const bearer = (req.headers.authorization ?? "") === `Bearer ${options.token}`;
      const reply = (status: number, body: object, headers: Record<string, string> = {}) => {
        calls.push({ path, status, bearer, body: text });
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      const fault = faults.find((f) => f.times > 0);
      if (fault) {
        fault.times -= 1;
        const headers: Record<string, string> = fault.retryAfter ? { "retry-after": fault.retryAfter } : {};
        return reply(fault.status, { error_code: "TEMPORARILY_UNAVAILABLE", message: "injected" }, headers);
      }
      if (req.method !== "POST" || path !== `${basePath}/api/2.0/mlflow/runs/log-batch`) {
        return reply(404, { error_code: "ENDPOINT_NOT_FOUND", message: `No API endpoint for ${req.method} ${path}` });
      }
      if (options.token && !bearer) {
        return reply(401, { error_code: "UNAUTHENTICATED", message: "Bearer token required" });
      }
      try {
        logBatch(runs, text);
        reply(200, {});
      } catch (error) {
        if (!(error instanceof MlflowError)) throw error;
        reply(error.status, { error_code: error.errorCode, message: error.message });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    trackingUri: `http://127.0.0.1:${port}${basePath}`,
    runs,
    calls,
    faults,
    createRun(runId) {
      const run: FakeRun = { params: new Map(), tags: new Map(), metrics: new Map() };
      runs.set(runId, run);
      return run;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
