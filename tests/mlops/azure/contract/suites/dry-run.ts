import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchScore } from "../../../../../mlops/azure/batch/index.js";
import { deployModel } from "../../../../../mlops/azure/deploy/index.js";
import type { RecordedCall } from "../../../../../mlops/azure/dry-run/recorder.js";
import { runAzurePipeline } from "../../../../../mlops/azure/run-pipeline.js";
import { readBundle } from "../../../../../mlops/bundle/index.js";
import { knobName } from "../../../../../mlops/contract/index.js";
import { sha256, sha256File } from "../../../../../mlops/fs/index.js";
import { readImageContext } from "../../../../../mlops/images/index.js";
import { projectModel } from "../../../../../mlops/project/index.js";
import { registerModel } from "../../../../../mlops/registry/index.js";
import { leastSquares, trainFixture } from "../../../fixtures/index.js";
import { fixtureProject } from "../../../fixtures/project.js";
import { testVariables } from "../../helpers/session.js";
import { loadOperations } from "../spec-operations.js";
import { specValidator } from "../spec-validator.js";
import type { Shared } from "./shared.js";

/** The data asset name (DATASET_NAME of the variables template). */
const DATASET = testVariables().DATASET_NAME;
const DEVOPS = {
  BUILD_BUILDID: "77",
  SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
  SYSTEM_TEAMPROJECT: "mlops",
};

/** Every recorded ARM body checked against the spec, exactly as the fake ARM checks real requests. */
function specProblems(calls: readonly RecordedCall[]): string[] {
  const operations = loadOperations();
  const problems: string[] = [];
  for (const call of calls) {
    const url = new URL(call.url);
    if (url.hostname !== "management.azure.com") continue;
    const op = operations.find((o) => o.method === call.method && o.match(url.pathname));
    if (!op) problems.push(`no operation for ${call.method} ${url.pathname}`);
    if (url.searchParams.get("api-version") !== "2025-12-01") problems.push(`api-version of ${call.url}`);
    if (op?.bodyKey)
      problems.push(
        ...specValidator()
          .check(op.bodyKey, call.body)
          .map((p) => `${op.operationId}: ${p}`),
      );
  }
  return problems;
}

/** `--dry-run`: the same code path, the recorder at the bottom of the pipeline, nothing sent. */
export function dryRunSuite(shared: () => Shared): void {
  describe("--dry-run", () => {
    it("run: prints and writes the code upload, environment, job and tags requests; RUN_EVALUATION=false has no evaluate step", async () => {
      const dir = join(shared().dir, "dry-run");
      const bundleDir = shared().bundleDir; // the run suite's bundle when it ran first: not built again
      const lines: string[] = [];
      const code = await runAzurePipeline(
        { variables: testVariables("RUN_EVALUATION=false"), dryRun: true, noWait: false, dryRunDir: dir },
        { session: { log: (line) => lines.push(line) }, bundleDir, env: DEVOPS },
      );
      expect(code).toBe(0);
      const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as RecordedCall[];
      expect(specProblems(calls)).toEqual([]);
      expect(new Set(calls.map((c) => new URL(c.url).hostname))).toEqual(
        new Set(["management.azure.com", "www.contoso.com"]),
      );
      const find = (method: string, pattern: RegExp) =>
        calls.find((c) => c.method === method && pattern.test(new URL(c.url).pathname));

      expect(find("POST", /\/codes\/mlops_steps\/versions\/[0-9a-f]{32}\/startPendingUpload$/)?.body).toEqual({
        pendingUploadType: "TemporaryBlobReference",
      });
      const bundle = await readBundle(bundleDir);
      // The project's training data (DATA_FILE): whatever the model is, these tests read it through the knob.
      const dataFile = testVariables().DATA_FILE;
      const data = await readFile(join(import.meta.dirname, "../../../../..", dataFile));
      const uploads = calls.filter((c) => c.method === "PUT" && new URL(c.url).hostname === "www.contoso.com");
      // Three: the training data (the data asset), the bundle, the step image's build context.
      const stepImage = await readImageContext(`${bundleDir}-step-image`);
      expect(uploads.map((c) => new URL(c.url).pathname.replace("/example/", ""))).toEqual([
        basename(dataFile),
        ...bundle.files,
        ...stepImage.files,
      ]);
      expect(uploads.map((c) => (c.body as { sha256: string }).sha256)).toEqual([
        sha256(data),
        ...bundle.files.map((f) => bundle.sha256[f]),
        ...(await Promise.all(stepImage.files.map((f) => sha256File(join(stepImage.dir, f))))),
      ]);
      const dataVersion = sha256(data).slice(0, 32);
      const dataPut = find("PUT", new RegExp(`/data/${DATASET}/versions/${dataVersion}$`));
      expect(dataPut?.body).toMatchObject({
        properties: { dataType: "uri_file", dataUri: `https://www.contoso.com/example/${basename(dataFile)}` },
      });
      expect(find("PUT", /\/codes\/mlops_steps\/versions\/[0-9a-f]{32}$/)?.body).toMatchObject({
        properties: { codeUri: "https://www.contoso.com/example", tags: { BuildId: "77" } },
      });
      expect(
        find("PUT", new RegExp(`/environments/mlops-node/versions/${stepImage.hash.slice(0, 32)}$`))?.body,
      ).toEqual({
        properties: {
          build: { contextUri: "https://www.contoso.com/example/", dockerfilePath: "Dockerfile" },
          osType: "Linux",
          isAnonymous: false,
          description: expect.stringContaining("mlops/images/step/Dockerfile"),
          tags: { runtime: "node" },
          properties: { "mlops.sha256": stepImage.hash },
        },
      });

      // biome-ignore lint/suspicious/noExplicitAny: the recorded JSON body.
      const job = find("PUT", /\/jobs\/[^/]+$/)?.body as { properties: Record<string, any> };
      expect(Object.keys(job.properties.jobs)).toEqual(["prep_data", "train", "register"]);
      expect(job.properties.tags).toEqual({
        "mlops.pipeline": "diabetes_regression-training-pipeline",
        BuildId: "77",
        BuildUri: "https://dev.azure.com/contoso/mlops/_build/results?buildId=77",
      });
      expect(job.properties.jobs.register.inputs).not.toHaveProperty("evaluation");
      expect(job.properties.inputs.training_data).toEqual({
        jobInputType: "uri_file",
        uri: new URL(dataPut?.url ?? "").pathname,
        mode: "ReadOnlyMount",
      });
      expect(job.properties.settings.force_rerun).toBe(true);

      const text = lines.join("\n");
      expect(text).toContain(`written to ${dir}`);
      expect(text).toMatch(
        /\n\d{3} PUT https:\/\/management\.azure\.com\/subscriptions\/00000000-0000-0000-0000-000000000000\/resourceGroups\/rg-diabetes-regression-dev\/.*\/jobs\/mlopsts-77-\w+\?api-version=2025-12-01\n {4}\{/,
      );
      expect(await readFile(join(dir, "calls.txt"), "utf8")).toContain('"BuildId": "77"');
    });

    it("run with SWEEP=true (and RUN_EVALUATION=false): the train node is a sweep over the model's space, bodies valid per spec", async () => {
      const dir = join(shared().dir, "dry-run-sweep");
      const lines: string[] = [];
      const variables = testVariables("SWEEP=true", "RUN_EVALUATION=false", "SWEEP_MAX_TRIALS=5");
      const dryRun = () =>
        runAzurePipeline(
          { variables, dryRun: true, noWait: false, dryRunDir: dir },
          { session: { log: (line) => lines.push(line) }, bundleDir: shared().bundleDir, env: DEVOPS },
        );
      const space = projectModel.searchSpace;
      if (!space) {
        // A project model without a search space cannot sweep: the error says what to add.
        await expect(dryRun()).rejects.toThrow(/declares no searchSpace/);
        return;
      }
      expect(await dryRun()).toBe(0);
      const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as RecordedCall[];
      expect(specProblems(calls)).toEqual([]);
      const put = (pattern: RegExp) =>
        // biome-ignore lint/suspicious/noExplicitAny: the recorded JSON body.
        calls.find((c) => c.method === "PUT" && pattern.test(new URL(c.url).pathname))?.body as any;
      const job = put(/\/jobs\/[^/]+$/);
      expect(Object.keys(job.properties.jobs)).toEqual(["prep_data", "train", "register"]);
      const sweep = job.properties.jobs.train;
      const trainComponent = calls.find(
        (c) => c.method === "PUT" && /\/components\/mlops_train\/versions\//.test(c.url),
      );
      expect(sweep.type).toBe("sweep");
      expect(sweep.trial.componentId).toBe(new URL(trainComponent?.url ?? "").pathname);
      expect(Object.keys(sweep.search_space)).toEqual(Object.keys(space).map(knobName));
      expect(sweep.limits).toEqual({
        max_total_trials: 5,
        max_concurrent_trials: variables.SWEEP_MAX_CONCURRENT_TRIALS,
      });
      expect(sweep.objective.primary_metric).toBe(`validation_${variables.EVALUATION_METRIC}`);
      expect(job.properties.jobs.register.inputs.trained.value).toBe(`\${{parent.jobs.train.outputs.trained}}`);
      expect(job.properties.jobs.register.outputs.model_copy.value).toBe(`\${{parent.outputs.trained_model}}`);
      expect(job.properties.tags["mlops.sweep"]).toBe(variables.SWEEP_SAMPLING);
      // The registered pipeline version holds the same sweep and says so in a tag (a re-run checks it).
      const pipeline = put(/\/components\/[^/]+_pipeline\/versions\/77$/);
      expect(pipeline.properties.componentSpec.jobs.train.type).toBe("sweep");
      expect(JSON.parse(pipeline.properties.tags["mlops.sweep"]).search_space).toEqual(sweep.search_space);
      expect(lines.join("\n")).toContain('"type": "sweep"');
    });

    it("deploy: prints every call of a blue/green deployment, bodies valid per spec (a local model stands in)", async () => {
      const dir = join(shared().dir, "dry-run-deploy");
      const home = join(shared().dir, "dry-run-deploy-home");
      // The dry run assumes the workspace's model is the same name and version in the local registry.
      const train = join(home, "train");
      await trainFixture("regression", train);
      await registerModel({ name: "fixture_model", modelDir: join(train, "model"), tags: {}, home });
      const lines: string[] = [];
      // The serving image bundles the project's scoring code: here a project whose model is the fixture's.
      const project = fixtureProject("regression");
      const image = { contextDir: join(shared().dir, "dry-run-serve-image"), root: project.root };
      try {
        const code = await deployModel(
          { model: "models:/fixture_model/1", endpoint: "ep-dry", dryRun: true, dryRunDir: dir },
          { session: { log: (line) => lines.push(line) }, env: {}, home, model: leastSquares, image },
        );
        expect(code).toBe(0);
      } finally {
        project.cleanup();
      }
      const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as RecordedCall[];
      expect(specProblems(calls)).toEqual([]);
      const context = await readImageContext(image.contextDir);
      const version = context.hash.slice(0, 32);
      expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname.split("/").slice(-2).join("/")}`)).toEqual([
        "GET versions/1",
        "GET onlineEndpoints/ep-dry",
        `GET versions/${version}`,
        `POST ${version}/startPendingUpload`,
        ...context.files.map((f) => `PUT ${f.includes("/") ? f : `example/${f}`}`),
        `PUT versions/${version}`,
        "PUT deployments/blue",
        "POST ep-dry/token",
        "POST /example",
        "PUT onlineEndpoints/ep-dry",
      ]);
      // The environment: the serving image's build context and the routes Azure ML probes; the deployment: that
      // environment and the model, no scoring script (the container is the server).
      const env = calls.find(
        (c) => c.method === "PUT" && c.url.includes(`/environments/mlops-serve/versions/${version}?`),
      );
      expect(env?.body).toMatchObject({
        properties: {
          build: { contextUri: "https://www.contoso.com/example/", dockerfilePath: "Dockerfile" },
          inferenceConfig: {
            livenessRoute: { path: "/live", port: 5001 },
            readinessRoute: { path: "/ready", port: 5001 },
            scoringRoute: { path: "/score", port: 5001 },
          },
        },
      });
      const deployment = calls.find((c) => c.method === "PUT" && /\/deployments\/blue\?/.test(c.url));
      const props = (deployment?.body as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      expect(props.environmentId).toMatch(new RegExp(`/environments/mlops-serve/versions/${version}$`));
      expect(props).not.toHaveProperty("codeConfiguration");
      expect(lines.join("\n")).toContain("PUT https://management.azure.com/");
    });

    it("batch-score: prints the score step, the pipeline component, the PipelineComponent deployment and the invocation", async () => {
      const dir = join(shared().dir, "dry-run-batch");
      const lines: string[] = [];
      const input = "azureml://datastores/workspaceblobstore/paths/in";
      const result = await batchScore(
        { model: "models:/fixture_model/4", input, endpoint: "bep-dry", dryRun: true, dryRunDir: dir },
        { session: { log: (line) => lines.push(line) }, bundleDir: shared().bundleDir, env: DEVOPS },
      );
      expect(result).toEqual({
        code: 0,
        jobName: "dry-run-batch-job",
        output: "azureml://datastores/workspaceblobstore/paths/batch-scoring/77/",
      });
      const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as RecordedCall[];
      expect(specProblems(calls)).toEqual([]);
      const arm = calls.filter((c) => new URL(c.url).hostname === "management.azure.com");
      // What is created, in order (uploads to the blob store aside): each asset's kind and name.
      const puts = arm
        .filter((c) => c.method === "PUT")
        .map((c) => new URL(c.url).pathname.split("/").slice(9, 11).join("/"));
      expect(puts).toEqual([
        "codes/mlops_steps",
        "environments/mlops-node",
        "components/mlops_score",
        "components/mlops_batch_score",
        "batchEndpoints/bep-dry", // the deployment (…/deployments/mlops-score)
        "batchEndpoints/bep-dry", // the default deployment
      ]);
      const invocation = calls.at(-1);
      expect(invocation?.method).toBe("POST");
      expect(invocation?.url).toBe("https://bep-dry.westeurope.inference.ml.azure.com/jobs");
      expect(invocation?.body).toMatchObject({
        properties: {
          inputData: { input_data: { jobInputType: "UriFolder", uri: `${input}/` } },
          outputData: { predictions: { jobOutputType: "UriFolder" } },
        },
      });
      expect(lines.join("\n")).toContain('"deploymentConfigurationType": "PipelineComponent"');
    });

    it("deploy: a model the local registry does not have is refused as a real deploy would refuse it", async () => {
      const home = join(shared().dir, "dry-run-deploy-none");
      const deploy = deployModel(
        { model: "models:/nowhere/1", endpoint: "ep-dry", dryRun: true, dryRunDir: join(home, "calls") },
        { session: { log: () => {} }, env: {}, home, model: leastSquares },
      );
      await expect(deploy).rejects.toThrow(/nowhere:1 has no usable mlops\.smoke property/);
    });
  });
}
