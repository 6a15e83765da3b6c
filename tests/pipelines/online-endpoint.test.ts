import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connection, restoreTraffic, saveTraffic } from "../../.pipelines/scripts/online-endpoint.js";
import type { AzureContext } from "../../mlops/azure/context.js";
import { workspaceId } from "../../mlops/azure/workspace.js";
import { type FakeArm, startFakeArm } from "../mlops/azure/contract/fake-arm/server.js";
import { fakeSession, WORKSPACE } from "../mlops/azure/helpers/session.js";

// The deploy pipeline's traffic record and rollback, and the smoke test's connection, against a local ARM that
// validates every request body against the 2025-12-01 REST spec.

const WS = workspaceId(WORKSPACE);
const dir = mkdtempSync(join(tmpdir(), "pipelines-endpoint-"));
let fake: FakeArm;
let ctx: AzureContext;

function seedEndpoint(name: string, authMode: string, traffic: Record<string, number>) {
  fake.seed(`${WS}/onlineEndpoints/${name}`, {
    id: `${WS}/onlineEndpoints/${name}`,
    name,
    type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    location: "westeurope",
    identity: { type: "SystemAssigned" },
    properties: { authMode, traffic, scoringUri: `https://${name}.westeurope.inference.ml.azure.com/score` },
  });
}
const trafficOf = (name: string) =>
  (fake.resources.get(`${WS}/onlineEndpoints/${name}`.toLowerCase()) as { properties: { traffic: unknown } }).properties
    .traffic;

beforeAll(async () => {
  fake = await startFakeArm();
  ({ ctx } = await fakeSession(fake));
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("online endpoint traffic record and rollback", () => {
  it("records the split, and after a deployment moved traffic, puts it back", async () => {
    seedEndpoint("ep-a", "Key", { blue: 100, green: 0 });
    const file = join(dir, "traffic.json");
    await saveTraffic(ctx, "ep-a", file);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ endpoint: "ep-a", traffic: { blue: 100, green: 0 } });

    (
      fake.resources.get(`${WS}/onlineEndpoints/ep-a`.toLowerCase()) as { properties: { traffic: unknown } }
    ).properties.traffic = { blue: 0, green: 100 };
    await restoreTraffic(ctx, JSON.parse(readFileSync(file, "utf8")));
    expect(trafficOf("ep-a")).toEqual({ blue: 100, green: 0 });
    expect(fake.calls.filter((c) => c.operationId === "OnlineEndpoints_CreateOrUpdate")).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it("leaves an endpoint whose split is already the recorded one alone", async () => {
    seedEndpoint("ep-b", "Key", { blue: 100 });
    const before = fake.calls.length;
    await restoreTraffic(ctx, { endpoint: "ep-b", traffic: { blue: 100 } });
    expect(fake.calls.slice(before).map((c) => c.operationId)).toEqual(["OnlineEndpoints_Get"]);
  });
});

describe("smoke-test connection", () => {
  it("uses the endpoint key for key auth", async () => {
    seedEndpoint("ep-key", "Key", {});
    // The fake answers listKeys only for a resource at the listKeys path itself.
    fake.seed(`${WS}/onlineEndpoints/ep-key/listKeys`, {});
    await expect(connection(ctx, "ep-key")).resolves.toEqual({
      uri: "https://ep-key.westeurope.inference.ml.azure.com/score",
      key: "contract-primary-key",
    });
  });

  it("uses an Entra token for aad_token endpoints", async () => {
    seedEndpoint("ep-aad", "AADToken", {});
    const { key } = await connection(ctx, "ep-aad");
    expect(key).toBe("contract-test-token");
    expect(fake.violations).toEqual([]);
  });

  it("names a missing endpoint", async () => {
    await expect(connection(ctx, "ep-missing")).rejects.toThrow(/ep-missing/);
  });
});
