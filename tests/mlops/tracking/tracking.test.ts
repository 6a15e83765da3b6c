import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type KeyValue,
  LIMITS,
  logRunData,
  type MetricEntry,
  restBase,
  toBatches,
  trackingSetup,
} from "../../../mlops/tracking/index.js";
import { type FakeMlflow, startFakeMlflow } from "../azure/contract/fake-mlflow/server.js";

const TOKEN = "job-token-not-to-be-printed";
const SCOPE =
  "/mlflow/v1.0/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws";
const FAST = { retryDelayInMs: 1, maxRetryDelayInMs: 5 };

const params = (n: number, prefix = "p"): KeyValue[] =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: String(i) }));
const metrics = (n: number): MetricEntry[] =>
  Array.from({ length: n }, (_, i) => ({ key: `m${i}`, value: i / 7, timestamp: 1_700_000_000_000, step: 0 }));

describe("trackingSetup: the job's MLflow run from the environment", () => {
  it("is off without MLFLOW_TRACKING_URI (a local run)", () => {
    expect(trackingSetup({})).toEqual({ kind: "off" });
  });

  it("turns Azure ML's azureml:// tracking URI into its https REST base and takes the run and the token", () => {
    const env = {
      MLFLOW_TRACKING_URI: `azureml://westeurope.api.azureml.ms${SCOPE}`,
      MLFLOW_RUN_ID: "run-1",
      MLFLOW_TRACKING_TOKEN: TOKEN,
    };
    expect(trackingSetup(env)).toEqual({
      kind: "on",
      target: { apiBase: `https://westeurope.api.azureml.ms${SCOPE}/api/2.0/mlflow`, runId: "run-1", token: TOKEN },
    });
    expect(restBase("http://127.0.0.1:5000/")).toBe("http://127.0.0.1:5000");
  });

  it("skips, saying why, for another scheme or without a run id", () => {
    expect(trackingSetup({ MLFLOW_TRACKING_URI: "file:///tmp/mlruns", MLFLOW_RUN_ID: "r" })).toEqual({
      kind: "skip",
      reason: "MLFLOW_TRACKING_URI 'file:///tmp/mlruns' is not azureml://, https:// or http://",
    });
    expect(trackingSetup({ MLFLOW_TRACKING_URI: "http://127.0.0.1:5000" })).toMatchObject({ kind: "skip" });
  });
});

describe("toBatches: MLflow's log-batch limits", () => {
  it("never puts more than 100 params, 100 tags, 1000 metrics or 1000 entities in one request, and loses nothing", () => {
    const batches = toBatches("r", { params: params(250), tags: params(150, "t"), metrics: metrics(1500) });
    for (const b of batches) {
      expect(b.params.length).toBeLessThanOrEqual(LIMITS.params);
      expect(b.tags.length).toBeLessThanOrEqual(LIMITS.tags);
      expect(b.metrics.length + b.params.length + b.tags.length).toBeLessThanOrEqual(LIMITS.entities);
    }
    expect(batches.flatMap((b) => b.params)).toEqual(params(250));
    expect(batches.flatMap((b) => b.metrics)).toEqual(metrics(1500));
    expect(batches).toHaveLength(3);
  });
});

describe("logRunData against a fake MLflow server (MLflow's REST reference and server checks)", () => {
  let fake: FakeMlflow;
  const target = () => ({ apiBase: `${fake.trackingUri}/api/2.0/mlflow`, runId: "run-1", token: TOKEN });
  beforeAll(async () => {
    fake = await startFakeMlflow({ basePath: SCOPE, token: TOKEN });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.createRun("run-1");
    fake.calls.length = 0;
  });

  it("logs more than one request holds, with the job's token, through 429 and 503", async () => {
    fake.faults.push({ status: 429, times: 1 }, { status: 503, retryAfter: "0", times: 1 });
    const data = { params: params(250), tags: params(150, "t"), metrics: metrics(1500) };
    expect(await logRunData(target(), data, { retry: FAST })).toBe(3);
    const run = fake.runs.get("run-1");
    expect(run?.params.size).toBe(250);
    expect(run?.tags.size).toBe(150);
    expect([...(run?.metrics.values() ?? [])].map((h) => h[0].value)).toEqual(metrics(1500).map((m) => m.value));
    expect(fake.calls.map((c) => c.status)).toEqual([429, 503, 200, 200, 200]);
    expect(fake.calls.every((c) => c.bearer)).toBe(true);
  });

  it("a param logged again with the same value is fine; another value is MLflow's error, without the token", async () => {
    await logRunData(target(), { params: [{ key: "k", value: "1" }] });
    await logRunData(target(), { params: [{ key: "k", value: "1" }] });
    const error = await logRunData(target(), { params: [{ key: "k", value: "2" }] }).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /HTTP 400 INVALID_PARAMETER_VALUE: Changing param values is not allowed\. Param with key='k'/,
    );
    const denied = await logRunData({ ...target(), token: "wrong" }, { params: [{ key: "x", value: "1" }] }).catch(
      (e: Error) => e,
    );
    expect(String(denied)).toMatch(/HTTP 401 UNAUTHENTICATED/);
    expect(`${error}${denied}`).not.toContain(TOKEN);
  });

  it("refuses, before sending, a param longer than 6000 characters and a key given twice", async () => {
    const error = await logRunData(target(), {
      params: [
        { key: "long", value: "x".repeat(6001) },
        { key: "twice", value: "1" },
        { key: "twice", value: "1" },
      ],
    }).catch((e: Error) => e);
    expect(String(error)).toContain("param 'long' has 6001 characters (at most 6000); param 'twice' is given twice");
    expect(fake.calls).toEqual([]);
  });

  it("the fake can fail: over-limit batches, unknown runs and bad keys get MLflow's errors", async () => {
    const post = (body: object) =>
      fetch(`${target().apiBase}/runs/log-batch`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error_code?: string; message?: string } }));
    expect(await post({ run_id: "run-1", params: params(101) })).toEqual({
      status: 400,
      body: {
        error_code: "INVALID_PARAMETER_VALUE",
        message:
          "A batch logging request can contain at most 100 params. Got 101 params. Please split up params across multiple requests and try again.",
      },
    });
    expect((await post({ run_id: "run-1", tags: params(101, "t") })).status).toBe(400);
    expect((await post({ run_id: "run-1", metrics: metrics(901), params: params(100) })).status).toBe(400);
    expect((await post({ run_id: "nope", params: params(1) })).body.error_code).toBe("RESOURCE_DOES_NOT_EXIST");
    expect((await post({ run_id: "run-1", metrics: [{ key: "../up", value: 1, timestamp: 0 }] })).status).toBe(400);
  });
});
