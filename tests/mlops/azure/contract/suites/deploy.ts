import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployModel } from "../../../../../mlops/azure/deploy/index.js";
import { exampleResponse } from "../../../../../mlops/azure/dry-run/examples.js";
import { workspaceId } from "../../../../../mlops/azure/workspace.js";
import { fakeSessionOptions, RUN_ENV, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";

const ENDPOINT = "ep-contract";
const ENDPOINT_PATH = `${workspaceId(WORKSPACE)}/onlineEndpoints/${ENDPOINT}`;
const MODEL_PATH = `${workspaceId(WORKSPACE)}/models/diabetes_regression_model/versions/3`;

/**
 * Stands in for the endpoint's scoring URI (Azure's, not ours): checks the key, routes by the
 * `azureml-model-deployment` header and answers per deployment.
 */
async function scoringEndpoint(answers: Record<string, { status: number; body: unknown }>) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const deployment = String(req.headers["azureml-model-deployment"] ?? "");
    seen.push(`${req.headers.authorization} ${deployment}`);
    const answer = answers[deployment] ?? { status: 404, body: { error: `no deployment ${deployment}` } };
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The endpoint the stacks created, as the service returns it (the spec's example, with our name and URI). */
function seedEndpoint(fake: FakeArm, scoringUri: string, traffic: Record<string, number>) {
  const endpoint = exampleResponse("onlineEndpoint");
  const properties = {
    ...(endpoint.properties as object),
    authMode: "Key",
    scoringUri,
    traffic,
    provisioningState: "Succeeded",
  };
  fake.seed(ENDPOINT_PATH, { ...endpoint, id: ENDPOINT_PATH, name: ENDPOINT, location: "westeurope", properties });
  fake.seed(MODEL_PATH, { ...exampleResponse("modelVersion"), id: MODEL_PATH, name: "3" });
}

/** `mlops deploy`: blue/green against the fake ARM, smoke test against a local scoring server. */
export function deploySuite(): void {
  describe("deploy (blue/green)", () => {
    let fake: FakeArm;
    beforeAll(async () => {
      fake = await startFakeArm();
    });
    afterAll(() => fake.close());
    const deploy = (lines: string[]) =>
      deployModel(
        { model: "models:/diabetes_regression_model/3", endpoint: ENDPOINT, dryRun: false },
        { session: fakeSessionOptions(fake, lines), env: RUN_ENV },
      );

    it("creates green at 0 %, smoke-tests it by header, then moves all traffic to it", async () => {
      const scoring = await scoringEndpoint({ green: { status: 200, body: [5113.1, 3713.6] } });
      try {
        seedEndpoint(fake, scoring.url, { blue: 100 });
        const lines: string[] = [];
        expect(await deploy(lines)).toBe(0);
        const ops = fake.calls.filter((c) => c.operationId !== "(lro poll)").map((c) => c.operationId);
        expect(ops).toEqual([
          "ModelVersions_Get",
          "OnlineEndpoints_Get",
          "OnlineDeployments_CreateOrUpdate",
          "OnlineDeployments_Get",
          "OnlineEndpoints_ListKeys",
          "OnlineEndpoints_CreateOrUpdate",
          "OnlineEndpoints_Get",
        ]);
        const created = fake.calls.find((c) => c.operationId === "OnlineDeployments_CreateOrUpdate");
        expect(created?.path).toMatch(/\/deployments\/green$/);
        expect(created?.body.properties).toMatchObject({ endpointComputeType: "Managed", model: MODEL_PATH });
        expect(scoring.seen).toEqual(["Bearer contract-primary-key green"]);
        const moved = fake.calls.find((c) => c.operationId === "OnlineEndpoints_CreateOrUpdate");
        expect(moved?.body.properties.traffic).toEqual({ blue: 0, green: 100 });
        expect(lines.at(-1)).toBe(`endpoint ${ENDPOINT}: blue 0 %, green 100 %`);
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });

    it("rolls back when the smoke test fails: the new deployment is deleted and the traffic stays", async () => {
      const scoring = await scoringEndpoint({ blue: { status: 500, body: { error: "model failed to load" } } });
      try {
        seedEndpoint(fake, scoring.url, { blue: 0, green: 100 });
        const before = fake.calls.length;
        await expect(deploy([])).rejects.toThrow(
          /deployment 'blue' of models:\/diabetes_regression_model\/3 failed its smoke test \(HTTP 500: .*model failed to load.*\); it was deleted and endpoint ep-contract keeps blue 0 %, green 100 %/,
        );
        const ops = fake.calls.slice(before).map((c) => c.operationId);
        expect(ops).toContain("OnlineDeployments_Delete");
        expect(ops).not.toContain("OnlineEndpoints_CreateOrUpdate");
        expect(fake.resources.has(`${ENDPOINT_PATH}/deployments/blue`.toLowerCase())).toBe(false);
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });
  });
}
