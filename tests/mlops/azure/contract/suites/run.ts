import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAzurePipeline } from "../../../../../mlops/azure/run-pipeline.js";
import { readBundle } from "../../../../../mlops/bundle/index.js";
import { sha256 } from "../../../../../mlops/fs/index.js";
import { readImageContext } from "../../../../../mlops/images/index.js";
import { projectModel } from "../../../../../mlops/project/index.js";
import { fakeSessionOptions, RUN_ENV, testVariables, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";
import { type Shared, uploadsInto } from "./shared.js";

const firstOf = (fake: FakeArm, op: string) => fake.calls.find((c) => c.operationId === op && c.status < 300);
/** The data asset name (DATASET_NAME of the variables template). */
const DATASET = testVariables().DATASET_NAME;
/** The project's training data, as the DATA_FILE knob names it (these tests know no model or data of their own). */
const DATA_FILE = testVariables().DATA_FILE;
const DATA = join(import.meta.dirname, "../../../../..", DATA_FILE);

/** `run --target azureml` end to end against the fake ARM (bodies validated) and Azurite (the upload). */
export function runSuite(shared: () => Shared): void {
  describe("run --target azureml", () => {
    let fake: FakeArm;
    let bundleDir: string;
    beforeAll(async () => {
      bundleDir = shared().bundleDir;
      fake = await startFakeArm({
        pendingUpload: uploadsInto(shared().azurite),
        faults: [
          { operationId: "CodeVersions_Get", status: 503 },
          { operationId: "Jobs_CreateOrUpdate", status: 429, retryAfter: "0" },
          { operationId: "Jobs_Get", status: 429 },
          { operationId: "ComponentVersions_CreateOrUpdate", status: 500, times: 2 },
        ],
      });
    });
    afterAll(() => fake.close());

    it("uploads the bundle, creates the environment, registers the pipeline, submits and follows the job — through 429 and 5xx", async () => {
      const { azurite } = shared();
      {
        const lines: string[] = [];
        const code = await runAzurePipeline(
          { variables: testVariables(), dryRun: false, noWait: false },
          { session: fakeSessionOptions(fake, lines), bundleDir, env: RUN_ENV, home: join(shared().dir, "home") },
        );
        expect(code).toBe(0);
        expect(fake.violations).toEqual([]);
        expect(fake.calls.filter((c) => c.status >= 400 && c.status !== 404).map((c) => c.status)).toEqual([
          503, 500, 500, 429, 429,
        ]);

        // The code asset: the bundle's files, byte for byte, where startPendingUpload pointed.
        const bundle = await readBundle(bundleDir);
        const version = bundle.hash.slice(0, 32);
        const container = azurite.service.getContainerClient("azureml-blobstore");
        for (const file of bundle.files) {
          const bytes = await container.getBlobClient(`LocalUpload/mlops_steps/${version}/${file}`).downloadToBuffer();
          expect(bytes.equals(await readFile(join(bundleDir, file))), file).toBe(true);
        }
        const codePut = firstOf(fake, "CodeVersions_CreateOrUpdate");
        expect(codePut?.body.properties.codeUri).toBe(
          `${azurite.endpoint}/azureml-blobstore/LocalUpload/mlops_steps/${version}`,
        );
        expect(bundle.files.some((f) => f.endsWith(".csv"))).toBe(false); // the data is not in the code

        // The data asset: DATASET_NAME, uri_file, version = the data's sha256; the file uploaded byte for byte.
        const data = await readFile(DATA);
        const dataVersion = sha256(data).slice(0, 32);
        const dataPut = firstOf(fake, "DataVersions_CreateOrUpdate");
        expect(dataPut?.path).toMatch(new RegExp(`/data/${DATASET}/versions/${dataVersion}$`));
        const dataUri = `${azurite.endpoint}/azureml-blobstore/LocalUpload/${DATASET}/${dataVersion}/${basename(DATA_FILE)}`;
        expect(dataPut?.body.properties).toMatchObject({ dataType: "uri_file", dataUri, tags: { BuildId: "4711" } });
        expect(dataPut?.body.properties.properties["mlops.sha256"]).toBe(sha256(data));
        const uploaded = await container
          .getBlobClient(`LocalUpload/${DATASET}/${dataVersion}/${basename(DATA_FILE)}`)
          .downloadToBuffer();
        expect(uploaded.equals(data)).toBe(true);

        // The step environment: built by Azure ML from the committed Dockerfile, uploaded as its build context;
        // version = the context's hash. No image reference.
        const stepImage = await readImageContext(`${bundleDir}-step-image`);
        const envVersion = stepImage.hash.slice(0, 32);
        const env = firstOf(fake, "EnvironmentVersions_CreateOrUpdate");
        expect(env?.path).toMatch(new RegExp(`/environments/mlops-node/versions/${envVersion}$`));
        expect(env?.body.properties.build).toEqual({
          contextUri: `${azurite.endpoint}/azureml-blobstore/LocalUpload/mlops-node/${envVersion}/`,
          dockerfilePath: "Dockerfile",
        });
        expect(env?.body.properties).not.toHaveProperty("image");
        for (const file of stepImage.files) {
          const bytes = await container
            .getBlobClient(`LocalUpload/mlops-node/${envVersion}/${file}`)
            .downloadToBuffer();
          expect(bytes.equals(await readFile(join(stepImage.dir, file))), file).toBe(true);
        }

        const job = firstOf(fake, "Jobs_CreateOrUpdate");
        const props = job?.body.properties;
        expect(props.jobType).toBe("Pipeline");
        expect(Object.keys(props.jobs)).toEqual(["prep_data", "train", "evaluate", "register"]);
        expect(props.tags).toMatchObject({
          BuildId: "4711",
          BuildUri: "https://dev.azure.com/contoso/mlops/_build/results?buildId=4711",
        });
        expect(props.computeId).toMatch(/\/computes\/train-cluster$/);
        const jobName = job?.path.split("/").at(-1) as string;
        expect(props.outputs.trained_model).toEqual({
          jobOutputType: "uri_folder",
          mode: "ReadWriteMount",
          uri: `azureml://datastores/workspaceblobstore/paths/mlops/${jobName}/trained_model/`,
        });
        expect(props.inputs.TRAIN_TEST_SIZE).toEqual({ jobInputType: "literal", value: "0.2" });
        // The data asset is the job's uri_file input, read by prep_data; register tags the model with it.
        expect(props.inputs.training_data).toEqual({
          jobInputType: "uri_file",
          uri: dataPut?.path,
          mode: "ReadOnlyMount",
        });
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure ML binding expression, not a JS template.
        expect(props.jobs.prep_data.inputs.training_data.value).toBe("${{parent.inputs.training_data}}");
        expect(props.inputs.MLOPS_DATA_ASSET.value).toBe(`${DATASET}:${dataVersion}`);
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure ML binding expression, not a JS template.
        expect(props.jobs.register.inputs.MLOPS_DATA_ASSET.value).toBe("${{parent.inputs.MLOPS_DATA_ASSET}}");
        expect(props.inputs.MLOPS_WORKSPACE.value).toContain(`/workspaces/${WORKSPACE.workspaceName}`);
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an Azure ML binding expression, not a JS template.
        expect(props.jobs.train.inputs.prepared.value).toBe("${{parent.jobs.prep_data.outputs.prepared}}");

        const pipeline = fake.calls
          .filter((c) => c.operationId === "ComponentVersions_CreateOrUpdate" && c.status < 300)
          .at(-1);
        expect(pipeline?.path).toMatch(/\/components\/diabetes_regression_training_pipeline\/versions\/4711$/);
        expect(pipeline?.body.properties.componentSpec.type).toBe("pipeline");

        expect(lines.join("\n")).toMatch(/: Queued\n[\s\S]*Queued → Running[\s\S]*Running → Completed/);
        expect(lines.at(-1)).toMatch(/Completed — https:\/\/ml\.azure\.com\//);
        const record = JSON.parse(await readFile(join(shared().dir, "home", "runs", jobName, "run.json"), "utf8"));
        expect(record).toMatchObject({ run_id: jobName, target: "azureml", status: "completed", build_id: "4711" });
        expect(record.data_asset).toBe(`${DATASET}:${dataVersion}`);
      }
    });

    it("re-uses the unchanged code, environment, components and pipeline version; --no-wait prints the job name", async () => {
      const before = fake.calls.length;
      const lines: string[] = [];
      const code = await runAzurePipeline(
        { variables: testVariables(), dryRun: false, noWait: true },
        { session: fakeSessionOptions(fake, lines), bundleDir, env: RUN_ENV, home: join(shared().dir, "home") },
      );
      expect(code).toBe(0);
      const job = fake.calls.slice(before).find((c) => c.operationId === "Jobs_CreateOrUpdate");
      expect(lines.at(-1)).toBe(job?.path.split("/").at(-1));
      const later = fake.calls.slice(before).map((c) => c.operationId);
      expect(later).not.toContain("CodeVersions_CreateOrGetStartPendingUpload");
      expect(later[0]).toBe("DataVersions_Get"); // found: the same data makes no new version
      expect(later.filter((op) => op.endsWith("_CreateOrUpdate"))).toEqual(["Jobs_CreateOrUpdate"]);
      expect(lines).toContain(
        `data ${DATASET}:${sha256(await readFile(DATA)).slice(0, 32)} (${DATA_FILE}) unchanged: not uploaded again`,
      );
      expect(later).not.toContain("Jobs_Get");
      expect(fake.violations).toEqual([]);
    });

    it("--pipeline-version re-submits the registered version with new parameters and uploads nothing", async () => {
      const before = fake.calls.length;
      const code = await runAzurePipeline(
        { variables: testVariables("TRAIN_TEST_SIZE=0.3"), dryRun: false, noWait: true, pipelineVersion: "4711" },
        {
          session: fakeSessionOptions(fake),
          env: { ...RUN_ENV, BUILD_BUILDID: "4712" },
          home: join(shared().dir, "home"),
        },
      );
      expect(code).toBe(0);
      const later = fake.calls.slice(before);
      expect(later.map((c) => c.operationId)).toEqual([
        "DataVersions_Get",
        "ComponentVersions_Get",
        "Jobs_CreateOrUpdate",
      ]);
      const props = later[2].body.properties;
      expect(Object.keys(props.jobs)).toEqual(["training_pipeline"]);
      expect(props.jobs.training_pipeline.componentId).toMatch(
        /\/components\/diabetes_regression_training_pipeline\/versions\/4711$/,
      );
      expect(props.inputs.TRAIN_TEST_SIZE.value).toBe("0.3");
      expect(props.tags.BuildId).toBe("4712");
      expect(Object.keys(props.jobs.training_pipeline.inputs)).toContain("training_data");
      expect(fake.violations).toEqual([]);
    });

    it("other data is registered as a new version of the data asset, once; the job takes that version", async () => {
      const root = await mkdtemp(join(tmpdir(), "mlops-data-"));
      const copy = join(root, DATA_FILE);
      await mkdir(dirname(copy), { recursive: true });
      const original = await readFile(DATA, "utf8");
      const changed = `${original}${original.trimEnd().split("\n").at(-1)}\n`; // the last row once more
      await writeFile(copy, changed);
      const version = sha256(changed).slice(0, 32);
      const run = () => {
        const before = fake.calls.length;
        return runAzurePipeline(
          { variables: testVariables(), dryRun: false, noWait: true, pipelineVersion: "4711" },
          { session: fakeSessionOptions(fake), env: RUN_ENV, root, home: join(shared().dir, "home") },
        ).then((code) => ({ code, calls: fake.calls.slice(before) }));
      };
      const first = await run();
      expect(first.code).toBe(0);
      const put = first.calls.filter((c) => c.operationId === "DataVersions_CreateOrUpdate");
      expect(put.map((c) => c.path.split("/").at(-1))).toEqual([version]);
      const job = first.calls.find((c) => c.operationId === "Jobs_CreateOrUpdate");
      expect(job?.body.properties.inputs.training_data.uri).toBe(put[0].path);
      const again = await run();
      expect(again.calls.map((c) => c.operationId)).not.toContain("DataVersions_CreateOrUpdate");
      await copyFile(DATA, copy); // back to the first data: its version exists
      const back = await run();
      expect(back.calls.map((c) => c.operationId)).not.toContain("DataVersions_CreateOrUpdate");
      expect(fake.violations).toEqual([]);
    });

    it("--pipeline-version refuses an unknown version and a RUN_EVALUATION or SWEEP the version was not registered with", async () => {
      const run = (version: string, ...set: string[]) =>
        runAzurePipeline(
          { variables: testVariables(...set), dryRun: false, noWait: true, pipelineVersion: version },
          { session: fakeSessionOptions(fake), env: RUN_ENV },
        );
      await expect(run("9999")).rejects.toThrow(/version 9999 is not registered in workspace my-aml-workspace/);
      await expect(run("4711", "RUN_EVALUATION=false")).rejects.toThrow(
        /registered with RUN_EVALUATION=true, not false/,
      );
      // A version registered without a sweep keeps its train node: SWEEP=true needs a new version.
      await expect(run("4711", "SWEEP=true")).rejects.toThrow(
        projectModel.searchSpace
          ? /4711 was registered with sweep false, not \{"sampling_algorithm"/
          : /no searchSpace/,
      );
    });
  });
}
