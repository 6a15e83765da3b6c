import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchScore } from "../../../../../mlops/azure/batch/index.js";
import { staticCredential } from "../../../../../mlops/azure/client/credential.js";
import { exampleResponse } from "../../../../../mlops/azure/dry-run/examples.js";
import { workspaceId } from "../../../../../mlops/azure/workspace.js";
import { fakeSessionOptions, RUN_ENV, testVariables, WORKSPACE } from "../../helpers/session.js";
import type { Json } from "../fake-arm/resources.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";
import { type Shared, uploadsInto } from "./shared.js";

const WS = workspaceId(WORKSPACE);
const ENDPOINT = "bep-contract";
const ENDPOINT_PATH = `${WS}/batchEndpoints/${ENDPOINT}`;
const MODEL = "fixture_model";
const MODEL_PATH = `${WS}/models/${MODEL}/versions/3`;
const INPUT = "azureml://datastores/workspaceblobstore/paths/batch-scoring/input/";
const OUTPUT = "azureml://datastores/workspaceblobstore/paths/batch-scoring/out-1/";

// The batch endpoint's data plane, built from what the service documents, not from what our client sends:
// - the request: POST to the endpoint's scoring URI, `Authorization: Bearer <Microsoft Entra token>`, the deployment
//   in header `azureml-model-deployment`, a body `{properties: {InputData: {<name>: {JobInputType, Uri}}, OutputData:
//   {<name>: {JobOutputType, Uri: <datastore ARM id>/paths/<path>}}}}` whose names are the pipeline component's
//   inputs and outputs ("Inputs and outputs are always named. Each name serves as a key"): MicrosoftDocs/azure-ai-docs,
//   articles/machine-learning/how-to-access-data-batch-endpoints-jobs.md (commit 00fe4aad), "Create jobs with data
//   outputs"; the field names as azure-ai-ml serializes them (camelCase keys of `BatchJob`, `JobInput`, `JobOutputV2`
//   and their enums): Azure/azure-sdk-for-python, sdk/ml/azure-ai-ml/azure/ai/ml/_restclient/
//   v2020_09_01_dataplanepreview/models/_models_py3.py (commit 25953cea).
// - the answer: a `BatchJobResource` (id, name, type, properties), which azure-ai-ml deserializes and returns
//   (operations/_batch_endpoint_operations.py `invoke`: `BatchJobResource.deserialize(json.loads(response.text()))`);
//   the job it names is then an ordinary workspace job (Jobs_Get).
const BATCH_JOB_KEYS = ["compute", "dataset", "description", "errorThreshold", "inputData", "loggingLevel"].concat(
  ["maxConcurrencyPerInstance", "miniBatchSize", "name", "outputData", "outputDataset", "outputFileName"],
  ["partitionKeys", "properties", "retrySettings", "tags"],
);
const INPUT_TYPES = ["UriFile", "UriFolder", "MLTable", "Literal", "CustomModel", "MLFlowModel", "TritonModel"];
const OUTPUT_TYPES = ["UriFile", "UriFolder", "MLTable", "CustomModel", "MLFlowModel", "TritonModel"];
const INPUT_MODES = ["ReadOnlyMount", "ReadWriteMount", "Download", "Direct", "EvalMount", "EvalDownload"];

interface Invocation {
  readonly headers: IncomingMessage["headers"];
  readonly body: Json;
}

/** What the data plane finds wrong with one invocation (empty: accepted). */
function invocationProblems(fake: FakeArm, headers: IncomingMessage["headers"], body: Json): string[] {
  const problems: string[] = [];
  if (!/^Bearer \S+$/.test(String(headers.authorization ?? ""))) problems.push("no bearer token");
  const deploymentName = String(headers["azureml-model-deployment"] ?? "");
  const deployment = fake.resources.get(`${ENDPOINT_PATH}/deployments/${deploymentName}`.toLowerCase());
  if (!deployment) return [...problems, `no deployment '${deploymentName}' on ${ENDPOINT}`];
  const config = deployment.properties.deploymentConfiguration;
  if (config?.deploymentConfigurationType !== "PipelineComponent") return [...problems, "not a pipeline deployment"];
  const component = fake.resources.get(String(config.componentId.assetId).toLowerCase());
  const spec = component?.properties.componentSpec ?? {};
  const job = body?.properties ?? {};
  for (const key of Object.keys(job)) if (!BATCH_JOB_KEYS.includes(key)) problems.push(`properties.${key}: unknown`);
  const names = (map: Json) => Object.keys(map ?? {}).sort();
  if (names(job.inputData).join() !== names(spec.inputs).join()) {
    problems.push(`inputs ${names(job.inputData)} are not the component's ${names(spec.inputs)}`);
  }
  for (const [name, input] of Object.entries<Json>(job.inputData ?? {})) {
    if (!INPUT_TYPES.includes(input.jobInputType)) problems.push(`inputData.${name}.jobInputType`);
    if (input.jobInputType !== "Literal" && !/[a-zA-Z0-9_]/.test(input.uri ?? "")) problems.push(`${name}.uri`);
    if (input.mode !== undefined && !INPUT_MODES.includes(input.mode)) problems.push(`inputData.${name}.mode`);
  }
  for (const [name, output] of Object.entries<Json>(job.outputData ?? {})) {
    if (!names(spec.outputs).includes(name)) problems.push(`outputData.${name}: not an output of the component`);
    if (!OUTPUT_TYPES.includes(output.jobOutputType)) problems.push(`outputData.${name}.jobOutputType`);
    if (!/^\/subscriptions\/[^/]+\/resourceGroups\/.+\/datastores\/[^/]+\/paths\/.+/.test(output.uri ?? "")) {
      problems.push(`outputData.${name}.uri '${output.uri}' is not <datastore id>/paths/<path>`);
    }
  }
  return problems;
}

/** The data plane on 127.0.0.1: checks each invocation, starts a job in the fake workspace with `status`. */
async function dataPlane(fake: FakeArm, status: () => string) {
  const seen: Invocation[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      text += chunk;
    });
    req.on("end", () => {
      const body = JSON.parse(text || "null");
      seen.push({ headers: req.headers, body });
      const problems = invocationProblems(fake, req.headers, body);
      if (problems.length > 0) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "UserError", message: problems.join("; ") } }));
        return;
      }
      const name = `batchjob-${seen.length}`;
      const job = {
        id: `${WS}/jobs/${name}`,
        name,
        type: "Microsoft.MachineLearningServices/workspaces/jobs",
        properties: { jobType: "Pipeline", experimentName: ENDPOINT, status: status() },
      };
      fake.seed(job.id, job);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...job, properties: { ...body.properties, status: "NotStarted" } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** `mlops batch-score` end to end: fake ARM (bodies validated against mfe.json), Azurite, the fake data plane. */
export function batchSuite(shared: () => Shared): void {
  describe("batch-score (pipeline-component batch deployment)", () => {
    let fake: FakeArm;
    let plane: Awaited<ReturnType<typeof dataPlane>>;
    let status = "Completed";
    beforeAll(async () => {
      fake = await startFakeArm({ pendingUpload: uploadsInto(shared().azurite), lroPolls: 2 });
      plane = await dataPlane(fake, () => status);
      fake.seed(ENDPOINT_PATH, {
        id: ENDPOINT_PATH,
        name: ENDPOINT,
        type: "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
        location: "westeurope",
        properties: { authMode: "AADToken", scoringUri: plane.url, provisioningState: "Succeeded" },
      });
      const model = exampleResponse("modelVersion");
      const properties = { ...(model.properties as object), modelType: "mlflow_model" };
      fake.seed(MODEL_PATH, { ...model, id: MODEL_PATH, name: "3", properties });
    });
    afterAll(async () => {
      await plane?.close();
      await fake?.close();
    });
    const run = (lines: string[], extra: { output?: string; model?: string } = {}) =>
      batchScore(
        {
          model: extra.model ?? `models:/${MODEL}/3`,
          input: INPUT,
          outputPath: extra.output ?? OUTPUT,
          endpoint: ENDPOINT,
          dryRun: false,
          timeoutMinutes: 1,
        },
        {
          session: { ...fakeSessionOptions(fake, lines), credential: staticCredential("data-plane-token") },
          env: RUN_ENV,
          bundleDir: shared().bundleDir,
          retry: { maxRetries: 0 },
        },
      );

    it("registers the score step and the pipeline component, deploys it as the default, invokes it and follows the job", async () => {
      status = "Completed";
      const lines: string[] = [];
      const result = await run(lines);
      expect(result).toEqual({ code: 0, jobName: "batchjob-1", output: OUTPUT });
      expect(fake.violations).toEqual([]);

      const components = fake.calls.filter((c) => c.operationId === "ComponentVersions_CreateOrUpdate");
      const [step, pipeline] = components.map((c) => c.body.properties.componentSpec);
      expect(step).toMatchObject({ type: "command", name: "mlops_score", is_deterministic: false });
      expect(step.command).toBe(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Azure ML binding expressions, not a JS template.
        "node steps/score.mjs --model ${{inputs.model}} --input ${{inputs.input_data}} --output-dir ${{outputs.predictions}}",
      );
      expect(pipeline).toMatchObject({ type: "pipeline", name: "mlops_batch_score" });
      expect(pipeline.jobs.score.componentId).toBe(`${WS}/components/mlops_score/versions/${step.version}`);
      expect(pipeline.jobs.score.inputs.model).toEqual({
        job_input_type: "mlflow_model",
        uri: MODEL_PATH,
        mode: "ReadOnlyMount",
      });

      const deployment = fake.calls.find((c) => c.operationId === "BatchDeployments_CreateOrUpdate");
      expect(deployment?.path).toBe(`${ENDPOINT_PATH}/deployments/mlops-score`);
      expect(deployment?.body.properties.deploymentConfiguration).toEqual({
        deploymentConfigurationType: "PipelineComponent",
        componentId: {
          referenceType: "Id",
          assetId: `${WS}/components/mlops_batch_score/versions/${pipeline.version}`,
        },
        settings: { default_compute: testVariables().AML_COMPUTE_CLUSTER_NAME, continue_on_step_failure: "false" },
      });
      // The PUT's long-running operation was followed to its end before anything else happened.
      const ops = fake.calls.map((c) => c.operationId);
      const put = ops.indexOf("BatchDeployments_CreateOrUpdate");
      expect(ops.slice(put + 1, put + 3)).toEqual(["(lro poll)", "(lro poll)"]);
      const endpoint = fake.resources.get(ENDPOINT_PATH.toLowerCase());
      expect(endpoint?.properties.defaults).toEqual({ deploymentName: "mlops-score" });

      const invocation = plane.seen.at(-1);
      expect(invocation?.headers.authorization).toBe("Bearer data-plane-token");
      expect(invocation?.headers["azureml-model-deployment"]).toBe("mlops-score");
      expect(invocation?.body).toEqual({
        properties: {
          inputData: { input_data: { jobInputType: "UriFolder", uri: INPUT } },
          outputData: {
            predictions: {
              jobOutputType: "UriFolder",
              uri: `${WS}/datastores/workspaceblobstore/paths/batch-scoring/out-1/`,
            },
          },
        },
      });
      expect(lines.at(-1)).toMatch(
        /^scoring job batchjob-1 Completed: predictions in azureml:\/\/datastores\/.*out-1\/ — /,
      );
    });

    it("a second run with the same model and code registers nothing new and fails when the job fails", async () => {
      status = "Failed";
      const before = fake.calls.length;
      await expect(run([], { output: "azureml://datastores/workspaceblobstore/paths/out-2" })).rejects.toThrow(
        /^scoring job batchjob-2 ended Failed; logs: /,
      );
      const ops = fake.calls.slice(before).map((c) => c.operationId);
      expect(ops).not.toContain("ComponentVersions_CreateOrUpdate");
      expect(ops).not.toContain("CodeVersions_CreateOrUpdate");
      expect(ops).not.toContain("BatchEndpoints_CreateOrUpdate"); // already the default
      expect(plane.seen.at(-1)?.body.properties.outputData.predictions.uri).toMatch(/\/paths\/out-2\/$/);
      expect(fake.violations).toEqual([]);
    });

    it("a deployment that never finishes provisioning fails at the deadline, naming it; nothing is invoked", async () => {
      const stuck = await startFakeArm({
        pendingUpload: uploadsInto(shared().azurite),
        lroPolls: Number.POSITIVE_INFINITY,
      });
      try {
        for (const path of [ENDPOINT_PATH, MODEL_PATH])
          stuck.seed(path, fake.resources.get(path.toLowerCase()) as Json);
        const invoked = plane.seen.length;
        const scoring = batchScore(
          { model: `models:/${MODEL}/3`, input: INPUT, outputPath: OUTPUT, endpoint: ENDPOINT, dryRun: false },
          {
            session: { ...fakeSessionOptions(stuck), lroDeadlineMs: 300 },
            env: RUN_ENV,
            bundleDir: shared().bundleDir,
          },
        );
        await expect(scoring).rejects.toThrow(
          /^creating batch deployment bep-contract\/mlops-score did not finish within 0\.3 s; check it in Azure ML studio/,
        );
        expect(plane.seen.length).toBe(invoked);
        expect(stuck.calls.filter((c) => c.operationId === "(lro poll)").length).toBeGreaterThan(1);
        expect(stuck.violations).toEqual([]);
      } finally {
        await stuck.close();
      }
    });

    it("refuses an output that is not a datastore path before it creates anything", async () => {
      const before = fake.calls.length;
      await expect(run([], { output: "https://example.blob.core.windows.net/out/" })).rejects.toThrow(
        /--output-path must be azureml:\/\/datastores\/<datastore>\/paths\/<folder>\/ .* got 'https:/,
      );
      expect(fake.calls.length).toBe(before);
    });
  });
}
