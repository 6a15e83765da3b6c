import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchScore } from "../../.pipelines/scripts/batch-score.js";
import { staticCredential } from "../../mlops/azure/client/credential.js";
import { workspaceId } from "../../mlops/azure/workspace.js";
import { loadVariables } from "../../mlops/config/index.js";
import { type FakeArm, startFakeArm } from "../mlops/azure/contract/fake-arm/server.js";
import { fakeSessionOptions, RUN_ENV, WORKSPACE } from "../mlops/azure/helpers/session.js";
import { REPO } from "./lib/files.js";

// The batch-scoring flow against a local ARM that validates every request body against the 2025-12-01 REST spec
// (helper of the Azure ML tests), with a local scoring URI standing in for the batch endpoint's data plane.

const WS = workspaceId(WORKSPACE);
const ENDPOINT = "bep-test";
const INPUT = "azureml://datastores/workspaceblobstore/paths/batch-scoring/input/";

interface Invocation {
  readonly headers: IncomingMessage["headers"];
  readonly body: unknown;
}

let fake: FakeArm;
let invokeUrl = "";
let closeInvoke: () => Promise<void>;
const invocations: Invocation[] = [];
let nextStatus = "Completed";

beforeAll(async () => {
  fake = await startFakeArm();
  // The batch endpoint's data plane: records the invocation and creates the scoring job in the (fake) workspace.
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (c) => {
      text += c;
    });
    req.on("end", () => {
      invocations.push({ headers: req.headers, body: JSON.parse(text) });
      const name = `batchjob-${invocations.length}`;
      fake.seed(`${WS}/jobs/${name}`, {
        id: `${WS}/jobs/${name}`,
        name,
        type: "Microsoft.MachineLearningServices/workspaces/jobs",
        properties: { jobType: "Pipeline", experimentName: ENDPOINT, status: nextStatus },
      });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ id: `${WS}/jobs/${name}`, name }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  invokeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs`;
  closeInvoke = () => new Promise((r) => server.close(() => r()));
  fake.seed(`${WS}/batchEndpoints/${ENDPOINT}`, {
    id: `${WS}/batchEndpoints/${ENDPOINT}`,
    name: ENDPOINT,
    type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
    location: "westeurope",
    properties: { authMode: "AADToken", scoringUri: invokeUrl, provisioningState: "Succeeded" },
  });
});
afterAll(async () => {
  await closeInvoke?.();
  await fake?.close();
});

const run = (model = "models:/diabetes_regression_model/3") =>
  batchScore(
    { model, input: INPUT, endpoint: ENDPOINT, deployment: "mlflow", timeoutMinutes: 1 },
    { env: RUN_ENV, session: { ...fakeSessionOptions(fake), credential: staticCredential("data-plane-token") } },
  );

describe("batch scoring on the batch endpoint", () => {
  it("points the deployment at the model, invokes the endpoint and follows the job to Completed", async () => {
    nextStatus = "Completed";
    const before = invocations.length;
    await expect(run()).resolves.toBe(`batchjob-${before + 1}`);
    expect(fake.violations).toEqual([]);
    const put = fake.calls.find((c) => c.operationId === "BatchDeployments_CreateOrUpdate");
    const cluster = loadVariables({ env: {} }).AML_COMPUTE_CLUSTER_NAME;
    expect(put?.path).toBe(`${WS}/batchEndpoints/${ENDPOINT}/deployments/mlflow`);
    expect(put?.body).toMatchObject({
      location: "westeurope",
      properties: {
        model: { referenceType: "Id", assetId: `${WS}/models/diabetes_regression_model/versions/3` },
        compute: `${WS}/computes/${cluster}`,
        outputFileName: "predictions.csv",
      },
    });
    const invocation = invocations.at(-1);
    expect(invocation?.headers.authorization).toBe("Bearer data-plane-token");
    expect(invocation?.headers["azureml-model-deployment"]).toBe("mlflow");
    expect(invocation?.body).toEqual({
      properties: { InputData: { input: { JobInputType: "UriFolder", Uri: INPUT } } },
    });
  });

  it("fails when the scoring job fails, naming the job", async () => {
    nextStatus = "Failed";
    await expect(run()).rejects.toThrow(/scoring job batchjob-\d+ ended Failed; logs: /);
  });

  it("refuses a model that is not a registered version", async () => {
    await expect(run("models:/diabetes_regression_model/latest")).rejects.toThrow(
      /--model must be models:\/<name>\/<version>/,
    );
  });
});

describe("batch-score.ts flags (real process)", () => {
  it.each([
    ["0", "--timeout-minutes must be ≥ 1, got 0"],
    ["1.5", "--timeout-minutes must be an integer, got '1.5'"],
    ["soon", "--timeout-minutes must be an integer, got 'soon'"],
  ])("--timeout-minutes %s fails before anything reaches Azure", (minutes, message) => {
    const args = ["--model", "models:/diabetes_regression_model/3", "--input", INPUT, "--timeout-minutes", minutes];
    const result = spawnSync(process.execPath, ["--import", "tsx", ".pipelines/scripts/batch-score.ts", ...args], {
      cwd: REPO,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      timeout: 30_000,
    });
    expect(result.stdout).toBe(`##vso[task.logissue type=error;]batch-score: ${message}\n`);
    expect(result.status).toBe(1);
  });
});
