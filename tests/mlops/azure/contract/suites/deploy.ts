import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DeployMode, deployModel, SERVING_ENVIRONMENT } from "../../../../../mlops/azure/deploy/index.js";
import { exampleResponse } from "../../../../../mlops/azure/dry-run/examples.js";
import { workspaceId } from "../../../../../mlops/azure/workspace.js";
import { readImageContext, servingInferenceConfig } from "../../../../../mlops/images/index.js";
import { type FixtureProject, fixtureProject } from "../../../fixtures/project.js";
import { fakeSessionOptions, RUN_ENV, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";
import { type Shared, uploadsInto } from "./shared.js";

const ENDPOINT = "ep-contract";
const ENDPOINT_PATH = `${workspaceId(WORKSPACE)}/onlineEndpoints/${ENDPOINT}`;
const MODEL = "fixture_model";
const MODEL_PATH = `${workspaceId(WORKSPACE)}/models/${MODEL}/versions/3`;
// What the register step records with a model that has an ONNX export: the smoke rows, the answer the model gave
// for them, and the ONNX output the MLflow server names its answer's column after (mlops/azure/registry/in-job.ts).
const SMOKE = {
  columns: ["x1", "x2", "x3"],
  data: [
    [1, 2, 3],
    [-0.5, 0.25, 8],
  ],
  result: [5113.09964212281, 3713.63292713853],
  output: "value",
};
// Azure ML's MLflow scoring script answers pandas' records orient, one {"<output>": value} per row:
// Azure/azureml-assets, assets/inference/environments/mlflow-py312-inference/context/mlflow_score_script.py, run():
// `return _get_jsonable_obj(result, pandas_orient="records")` over the pyfunc's DataFrame (one column per ONNX output).
const RECORDS = SMOKE.result.map((value) => ({ [SMOKE.output]: value }));

/**
 * Stands in for the endpoint's scoring URI (Azure's, not ours): checks the key, routes by the
 * `azureml-model-deployment` header and answers per deployment. Like the MLflow scoring script, whose run() takes
 * its argument from the body's `input_data` key (`@input_schema("input_data", …)`), it answers 400 to any other body
 * and to split-orient columns that are not the model's signature.
 */
async function scoringEndpoint(answers: Record<string, { status: number; body: unknown }>) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => {
      const deployment = String(req.headers["azureml-model-deployment"] ?? "");
      seen.push(`${req.headers.authorization} ${deployment}`);
      const split = (JSON.parse(text) as { input_data?: { columns?: string[]; data?: unknown[] } }).input_data;
      const fits = split?.columns?.join() === SMOKE.columns.join() && split?.data?.length === SMOKE.data.length;
      const answer = !fits
        ? { status: 400, body: { message: "expected input_data in split orient with the signature's columns" } }
        : (answers[deployment] ?? { status: 404, body: { error: `no deployment ${deployment}` } });
      res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
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
  const model = exampleResponse("modelVersion");
  const modelProps = {
    ...(model.properties as object),
    modelType: "mlflow_model",
    flavors: { mlops_ts: { data: { model_type: "least_squares" } }, onnx: { data: { data: "model.onnx" } } },
    properties: { "mlops.smoke": JSON.stringify(SMOKE) },
  };
  fake.seed(MODEL_PATH, { ...model, id: MODEL_PATH, name: "3", properties: modelProps });
}

/** `mlops deploy`: blue/green against the fake ARM, smoke test against a local scoring server. */
export function deploySuite(shared: () => Shared): void {
  describe("deploy (blue/green)", () => {
    let fake: FakeArm;
    let project: FixtureProject;
    let image: { contextDir: string; root: string };
    beforeAll(async () => {
      fake = await startFakeArm({ pendingUpload: uploadsInto(shared().azurite) });
      // The serving image bundles the project's scoring code: a project whose model is the regression fixture.
      project = fixtureProject("regression");
      image = { contextDir: join(shared().dir, "deploy-serve-image"), root: project.root };
    });
    afterAll(() => {
      project?.cleanup();
      return fake.close();
    });
    const deploy = (lines: string[], mode?: DeployMode) =>
      deployModel(
        { model: `models:/${MODEL}/3`, endpoint: ENDPOINT, dryRun: false, ...(mode ? { mode } : {}) },
        { session: fakeSessionOptions(fake, lines), env: RUN_ENV, image },
      );

    it("container (default): builds the serving environment, creates green on it at 0 %, smoke-tests it, moves all traffic", async () => {
      // Our server's answer shape ({"result": [...]}) for the split-orient input_data the smoke test sends.
      const scoring = await scoringEndpoint({ green: { status: 200, body: { result: SMOKE.result } } });
      try {
        seedEndpoint(fake, scoring.url, { blue: 100 });
        const lines: string[] = [];
        expect(await deploy(lines)).toBe(0);
        const ops = fake.calls.filter((c) => c.operationId !== "(lro poll)").map((c) => c.operationId);
        expect(ops).toEqual([
          "ModelVersions_Get",
          "OnlineEndpoints_Get",
          "EnvironmentVersions_Get",
          "CodeVersions_CreateOrGetStartPendingUpload",
          "EnvironmentVersions_CreateOrUpdate",
          "OnlineDeployments_CreateOrUpdate",
          "OnlineDeployments_Get",
          "OnlineEndpoints_ListKeys",
          "OnlineEndpoints_CreateOrUpdate",
          "OnlineEndpoints_Get",
        ]);
        const context = await readImageContext(image.contextDir);
        const version = context.hash.slice(0, 32);
        const env = fake.calls.find((c) => c.operationId === "EnvironmentVersions_CreateOrUpdate");
        expect(env?.path).toMatch(new RegExp(`/environments/${SERVING_ENVIRONMENT}/versions/${version}$`));
        const { azurite } = shared();
        expect(env?.body.properties).toMatchObject({
          build: {
            contextUri: `${azurite.endpoint}/azureml-blobstore/LocalUpload/${SERVING_ENVIRONMENT}/${version}/`,
            dockerfilePath: "Dockerfile",
          },
          inferenceConfig: servingInferenceConfig(),
        });
        // The build context arrived whole: the Dockerfile and the bundle it copies, byte for byte.
        const container = azurite.service.getContainerClient("azureml-blobstore");
        for (const file of context.files) {
          const blob = `LocalUpload/${SERVING_ENVIRONMENT}/${version}/${file}`;
          const bytes = await container.getBlobClient(blob).downloadToBuffer();
          expect(bytes.equals(await readFile(join(context.dir, file))), file).toBe(true);
        }
        const created = fake.calls.find((c) => c.operationId === "OnlineDeployments_CreateOrUpdate");
        expect(created?.path).toMatch(/\/deployments\/green$/);
        expect(created?.body.properties).toMatchObject({
          endpointComputeType: "Managed",
          model: MODEL_PATH,
          environmentId: env?.path,
        });
        expect(created?.body.properties).not.toHaveProperty("codeConfiguration");
        expect(scoring.seen).toEqual(["Bearer contract-primary-key green"]);
        const moved = fake.calls.find((c) => c.operationId === "OnlineEndpoints_CreateOrUpdate");
        expect(moved?.body.properties.traffic).toEqual({ blue: 0, green: 100 });
        expect(lines.join("\n")).toContain("smoke test of 'green' passed: 2 rows scored as registered");
        expect(lines.at(-1)).toBe(`endpoint ${ENDPOINT}: blue 0 %, green 100 %`);
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });

    it("--mode mlflow: no environment, Azure's MLflow answer (records orient) passes the smoke test", async () => {
      const scoring = await scoringEndpoint({ blue: { status: 200, body: RECORDS } });
      try {
        seedEndpoint(fake, scoring.url, { green: 100 });
        const before = fake.calls.length;
        expect(await deploy([], "mlflow")).toBe(0);
        const calls = fake.calls.slice(before);
        expect(calls.map((c) => c.operationId).filter((op) => op.startsWith("Environment"))).toEqual([]);
        const created = calls.find((c) => c.operationId === "OnlineDeployments_CreateOrUpdate");
        expect(created?.path).toMatch(/\/deployments\/blue$/);
        expect(created?.body.properties).toMatchObject({ model: MODEL_PATH });
        expect(created?.body.properties).not.toHaveProperty("environmentId");
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });

    it.each([
      ["a server error", { status: 500, body: { error: "model failed to load" } }, /HTTP 500: .*model failed to load/],
      [
        "another model's answer",
        { status: 200, body: [{ value: 5113.09964212281 }, { value: 3713 }] },
        /result\[1\] is 3713, expected 3713\.63292713853/,
      ],
    ])("rolls back on %s: the new deployment is deleted and the traffic stays", async (_what, answer, detail) => {
      const scoring = await scoringEndpoint({ blue: answer });
      try {
        seedEndpoint(fake, scoring.url, { blue: 0, green: 100 });
        const before = fake.calls.length;
        const error = await deploy([]).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message).toMatch(/^deployment 'blue' of models:\/fixture_model\/3 failed its smoke test \(/);
        expect(error?.message).toMatch(detail);
        expect(error?.message).toMatch(/; it was deleted and endpoint ep-contract keeps blue 0 %, green 100 %$/);
        const ops = fake.calls.slice(before).map((c) => c.operationId);
        expect(ops).toContain("OnlineDeployments_Delete");
        expect(ops).not.toContain("OnlineEndpoints_CreateOrUpdate");
        expect(fake.resources.has(`${ENDPOINT_PATH}/deployments/blue`.toLowerCase())).toBe(false);
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });

    it("--mode mlflow refuses a model without an ONNX flavor before creating anything; container mode deploys it", async () => {
      const scoring = await scoringEndpoint({ green: { status: 200, body: { result: SMOKE.result } } });
      try {
        seedEndpoint(fake, scoring.url, { blue: 100 });
        const model = fake.resources.get(MODEL_PATH.toLowerCase()) as { properties: Record<string, unknown> };
        fake.seed(MODEL_PATH, { ...model, properties: { ...model.properties, flavors: { mlops_ts: { data: {} } } } });
        const before = fake.calls.length;

        await expect(deploy([], "mlflow")).rejects.toThrow(
          /fixture_model:3 has no onnx flavor: --mode mlflow .* deploy it with --mode container/,
        );
        expect(fake.calls.slice(before).map((c) => c.operationId)).toEqual(["ModelVersions_Get"]);
        // The serving image runs the project's own scoring code: no ONNX needed. The environment is reused.
        const lines: string[] = [];
        expect(await deploy(lines)).toBe(0);
        expect(lines.join("\n")).toMatch(/environment mlops-serve:[0-9a-f]{32} unchanged: reused/);
        expect(fake.violations).toEqual([]);
      } finally {
        await scoring.close();
      }
    });
  });
}
