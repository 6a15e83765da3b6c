import { createHttpHeaders, createPipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import {
  AggregateAuthenticationError,
  AzureCliCredential,
  ChainedTokenCredential,
  EnvironmentCredential,
} from "@azure/identity";
import { describe, expect, it } from "vitest";
import { ensureLogin, isLoginError, LOGIN_HINT } from "../../../mlops/azure/client/credential.js";
import { armRetryStrategy, retryAfterMs } from "../../../mlops/azure/client/retry.js";
import { describeTraffic, moveTraffic, pickSlot } from "../../../mlops/azure/deploy/slots.js";
import { buildInfo } from "../../../mlops/azure/pipeline/job-body.js";
import { parseWorkspaceId, resolveWorkspace, workspaceId } from "../../../mlops/azure/workspace.js";

const response = (status: number, headers: Record<string, string> = {}): PipelineResponse => ({
  status,
  headers: createHttpHeaders(headers),
  request: createPipelineRequest({ url: "https://management.azure.com/x" }),
});

describe("ARM retries", () => {
  const strategy = armRetryStrategy({ retryDelayInMs: 1000, maxRetryDelayInMs: 60_000 });
  it("honours Retry-After (seconds, ms, date) on 429 and 5xx, capped", () => {
    expect(strategy.retry({ retryCount: 0, response: response(429, { "retry-after": "7" }) })).toEqual({
      retryAfterInMs: 7000,
    });
    expect(strategy.retry({ retryCount: 0, response: response(503, { "retry-after-ms": "250" }) })).toEqual({
      retryAfterInMs: 250,
    });
    expect(strategy.retry({ retryCount: 0, response: response(429, { "retry-after": "3600" }) })).toEqual({
      retryAfterInMs: 60_000,
    });
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    expect(retryAfterMs(response(429, { "retry-after": date }))).toBeGreaterThan(3_000_000);
  });
  it("backs off exponentially with jitter when the server names no wait, including 429 without Retry-After", () => {
    for (const [count, low, high] of [
      [0, 500, 1000],
      [3, 4000, 8000],
      [10, 30_000, 60_000],
    ]) {
      const { retryAfterInMs } = strategy.retry({ retryCount: count, response: response(429) });
      expect(retryAfterInMs).toBeGreaterThanOrEqual(low);
      expect(retryAfterInMs).toBeLessThanOrEqual(high);
    }
  });
  it("does not retry what a retry cannot fix", () => {
    for (const status of [200, 400, 401, 403, 404, 409, 501, 505]) {
      expect(strategy.retry({ retryCount: 0, response: response(status) }), String(status)).toEqual({
        skipStrategy: true,
      });
    }
  });
});

describe("login", () => {
  it("a missing login is one line naming az login, workload identity and managed identity", async () => {
    // The real credential classes, with nothing configured: no AZURE_* variables, no `az` on PATH.
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith("AZURE_")) delete process.env[key];
    process.env.PATH = "/nonexistent";
    try {
      const chain = new ChainedTokenCredential(new EnvironmentCredential(), new AzureCliCredential());
      const error = await ensureLogin(chain).catch((e: Error) => e);
      expect(error?.message).toBe(LOGIN_HINT);
      expect(LOGIN_HINT).not.toContain("\n");
      expect(LOGIN_HINT).toMatch(/az login.*workload identity.*managed identity/);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
    expect(isLoginError(new AggregateAuthenticationError([], "x"))).toBe(true);
    expect(isLoginError(new Error("other"))).toBe(false);
  });
});

describe("workspace coordinates", () => {
  it("come from the environment; resource group and workspace default to the stacks' names", async () => {
    const env = { AZURE_SUBSCRIPTION_ID: "sub-1", MLOPS_ENVIRONMENT: "prod" };
    expect(await resolveWorkspace(undefined, { env })).toEqual({
      subscriptionId: "sub-1",
      resourceGroup: "rg-diabetes-regression-prod",
      workspaceName: "mlw-diabetes-regression-prod",
    });
    const explicit = { ...env, RESOURCE_GROUP: "rg", WORKSPACE_NAME: "ws" };
    const ws = await resolveWorkspace(undefined, { env: explicit });
    expect(parseWorkspaceId(workspaceId(ws))).toEqual(ws);
  });
  it("a missing subscription is an error naming the variable, except in a dry run", async () => {
    await expect(resolveWorkspace(undefined, { env: {} })).rejects.toThrow(/AZURE_SUBSCRIPTION_ID is not set: export/);
    expect((await resolveWorkspace(undefined, { env: {}, dryRun: true })).subscriptionId).toMatch(/^0{8}-/);
    await expect(
      resolveWorkspace(undefined, { env: { AZURE_SUBSCRIPTION_ID: "s", MLOPS_ENVIRONMENT: "qa" } }),
    ).rejects.toThrow(/MLOPS_ENVIRONMENT=qa: unknown environment "qa"/);
  });
  it("BuildUri is the DevOps results page, else BUILD_BUILDURI", () => {
    const devops = {
      BUILD_BUILDID: "12",
      SYSTEM_COLLECTIONURI: "https://dev.azure.com/org",
      SYSTEM_TEAMPROJECT: "My Project",
    };
    expect(buildInfo(devops)).toEqual({
      buildId: "12",
      buildUri: "https://dev.azure.com/org/My%20Project/_build/results?buildId=12",
    });
    expect(buildInfo({ BUILD_BUILDID: "12", BUILD_BUILDURI: "vstfs:///Build/Build/12" }).buildUri).toBe(
      "vstfs:///Build/Build/12",
    );
    expect(buildInfo({})).toEqual({ buildId: "", buildUri: "" });
  });
});

describe("blue/green slots", () => {
  it("deploys to the slot without traffic and moves all of it there", () => {
    expect(pickSlot({})).toBe("blue");
    expect(pickSlot({ blue: 100 })).toBe("green");
    expect(pickSlot({ blue: 0, green: 100 })).toBe("blue");
    expect(pickSlot({ legacy: 100 })).toBe("blue");
    expect(moveTraffic({ blue: 100, green: 0 }, "green")).toEqual({ blue: 0, green: 100 });
    expect(describeTraffic({ blue: 0, green: 100 })).toBe("blue 0 %, green 100 %");
  });

  it("refuses to replace a deployment that still serves part of the traffic", () => {
    expect(() => pickSlot({ blue: 60, green: 40 })).toThrow(/splits its traffic \(blue 60 %, green 40 %\)/);
    expect(() => pickSlot({ blue: 50, green: 50 })).toThrow(/one deployment at 0 %/);
  });
});
