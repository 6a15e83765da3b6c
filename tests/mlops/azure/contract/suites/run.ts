import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAzurePipeline } from "../../../../../mlops/azure/run-pipeline.js";
import { readBundle } from "../../../../../mlops/bundle/index.js";
import { fakeSessionOptions, RUN_ENV, testVariables, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";
import { type Shared, uploadsInto } from "./shared.js";

const firstOf = (fake: FakeArm, op: string) => fake.calls.find((c) => c.operationId === op && c.status < 300);
const count = (fake: FakeArm, op: string) => fake.calls.filter((c) => c.operationId === op).length;

/** `run --target azureml` end to end against the fake ARM (bodies validated) and Azurite (the upload). */
export function runSuite(shared: () => Shared): void {
  describe("run --target azureml", () => {
    it("uploads the bundle, creates the environment, registers the pipeline, submits and follows the job — through 429 and 5xx", async () => {
      const { azurite, dir } = shared();
      const fake = await startFakeArm({
        pendingUpload: uploadsInto(azurite),
        faults: [
          { operationId: "CodeVersions_Get", status: 503 },
          { operationId: "Jobs_CreateOrUpdate", status: 429, retryAfter: "0" },
          { operationId: "Jobs_Get", status: 429 },
          { operationId: "ComponentVersions_CreateOrUpdate", status: 500, times: 2 },
        ],
      });
      try {
        const lines: string[] = [];
        const bundleDir = join(dir, "bundle-run");
        const code = await runAzurePipeline(
          { variables: testVariables(), dryRun: false, noWait: false },
          { session: fakeSessionOptions(fake, lines), bundleDir, env: RUN_ENV },
        );
        expect(code).toBe(0);
        expect(fake.violations).toEqual([]);
        expect(fake.calls.filter((c) => c.status >= 400 && c.status !== 404).map((c) => c.status)).toEqual([503, 500, 500, 429, 429]);

        // The code asset: the bundle's files, byte for byte, where startPendingUpload pointed.
        const bundle = await readBundle(bundleDir);
        const version = bundle.hash.slice(0, 32);
        const container = azurite.service.getContainerClient("azureml-blobstore");
        for (const file of bundle.files) {
          const bytes = await container.getBlobClient(`LocalUpload/mlops_steps/${version}/${file}`).downloadToBuffer();
          const { readFile } = await import("node:fs/promises");
          expect(bytes.equals(await readFile(join(bundleDir, file))), file).toBe(true);
        }
        const codePut = firstOf(fake, "CodeVersions_CreateOrUpdate");
        expect(codePut?.body.properties.codeUri).toBe(`${azurite.endpoint}/azureml-blobstore/LocalUpload/mlops_steps/${version}`);

        const env = firstOf(fake, "EnvironmentVersions_CreateOrUpdate");
        expect(env?.body.properties.image).toMatch(/^docker\.io\/library\/node:20\.\d+\.\d+-bookworm-slim$/);

        const job = firstOf(fake, "Jobs_CreateOrUpdate");
        const props = job?.body.properties;
        expect(props.jobType).toBe("Pipeline");
        expect(Object.keys(props.jobs)).toEqual(["prep_data", "train", "evaluate", "register"]);
        expect(props.tags).toMatchObject({ BuildId: "4711", BuildUri: "https://dev.azure.com/contoso/mlops/_build/results?buildId=4711" });
        expect(props.computeId).toMatch(/\/computes\/train-cluster$/);
        expect(props.inputs.TRAIN_ALPHA).toEqual({ jobInputType: "literal", value: "0.5" });
        expect(props.inputs.MLOPS_WORKSPACE.value).toContain(`/workspaces/${WORKSPACE.workspaceName}`);
        expect(props.jobs.train.inputs.prepared.value).toBe("${{parent.jobs.prep_data.outputs.prepared}}");

        const pipeline = fake.calls.filter((c) => c.operationId === "ComponentVersions_CreateOrUpdate" && c.status < 300).at(-1);
        expect(pipeline?.path).toMatch(/\/components\/diabetes_regression_training_pipeline\/versions\/4711$/);
        expect(pipeline?.body.properties.componentSpec.type).toBe("pipeline");

        expect(lines.join("\n")).toMatch(/: Queued\n[\s\S]*Queued → Running[\s\S]*Running → Completed/);
        expect(lines.at(-1)).toMatch(/Completed — https:\/\/ml\.azure\.com\//);

        // Second run, nothing changed: the code, the environment, the components and the pipeline version are reused.
        const before = { pending: count(fake, "CodeVersions_CreateOrGetStartPendingUpload"), puts: fake.calls.length };
        const again = await runAzurePipeline(
          { variables: testVariables(), dryRun: false, noWait: true },
          { session: fakeSessionOptions(fake), bundleDir, env: RUN_ENV },
        );
        expect(again).toBe(0);
        const later = fake.calls.slice(before.puts).map((c) => c.operationId);
        expect(count(fake, "CodeVersions_CreateOrGetStartPendingUpload")).toBe(before.pending);
        expect(later.filter((op) => op.endsWith("_CreateOrUpdate"))).toEqual(["Jobs_CreateOrUpdate"]);
        expect(fake.violations).toEqual([]);
      } finally {
        await fake.close();
      }
    });
  });
}
