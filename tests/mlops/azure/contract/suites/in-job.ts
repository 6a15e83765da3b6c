import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainingReport } from "../../../../../.pipelines/scripts/training-report.js";
import { followJob, jobLink, summarize } from "../../../../../mlops/azure/pipeline/follow.js";
import { writeAzureRunRecord } from "../../../../../mlops/azure/pipeline/run-record.js";
import { submitJob } from "../../../../../mlops/azure/pipeline/submit.js";
import { evaluateInWorkspace, registerInWorkspace } from "../../../../../mlops/azure/registry/in-job.js";
import { registerModelVersion } from "../../../../../mlops/azure/registry/register-version.js";
import type { Session } from "../../../../../mlops/azure/session.js";
import { defaultParams } from "../../../../../mlops/contract/index.js";
import { evaluationSettings, prepDataStep, trainFromPrepStep } from "../../../../../mlops/steps/index.js";
import { FIXTURES, leastSquares } from "../../../fixtures/index.js";
import { fakeSession, testVariables, WORKSPACE } from "../../helpers/session.js";
import { type FakeArm, startFakeArm } from "../fake-arm/server.js";
import type { Shared } from "./shared.js";

// The regression fixture: a model with an ONNX export (flavors onnx + python_function, like a no-code deployable model).
const DATA = FIXTURES.regression.data;

/** The evaluate and register steps as they run inside the Azure ML job, against the workspace registry. */
export function inJobSuite(shared: () => Shared): void {
  describe("evaluate and register inside the job (workspace registry)", () => {
    let fake: FakeArm;
    let session: Session;
    const lines: string[] = [];
    // The fixture's metric, not the template's: the template's knobs belong to whatever model training/ holds.
    const v = testVariables(
      `EVALUATION_METRIC=${FIXTURES.regression.metric}`,
      `EVALUATION_DIRECTION=${FIXTURES.regression.direction}`,
    );
    const dir = (name: string) => join(shared().dir, "in-job", name);
    beforeAll(async () => {
      fake = await startFakeArm();
      session = await fakeSession(fake, lines);
      await prepDataStep({
        model: leastSquares,
        dataFile: DATA,
        outputDir: dir("prep"),
        testSize: 0.2,
        randomState: 0,
      });
      await trainFromPrepStep({
        model: leastSquares,
        prepDir: dir("prep"),
        outputDir: dir("train"),
        modelName: v.MODEL_NAME,
        runId: "r1",
      });
    });
    afterAll(() => fake.close());
    const submission = (jobName: string, buildId: string) => ({
      workspace: WORKSPACE,
      jobName,
      experimentName: v.EXPERIMENT_NAME,
      computeName: v.AML_COMPUTE_CLUSTER_NAME,
      parameters: {},
      build: { buildId, buildUri: "" },
      tags: {},
    });
    /** Follows the job to its end and writes the local run record, as `run --target azureml` does. */
    const finish = async (jobName: string) => {
      const followed = await followJob(session.ctx, jobName);
      const home = join(shared().dir, "in-job-home");
      const link = jobLink(session.ctx, followed.job, jobName);
      const build = { buildId: "", buildUri: "" };
      const runDir = await writeAzureRunRecord({
        home,
        jobName,
        job: followed.job,
        status: followed.status,
        variables: v,
        build,
        link,
        startedUtc: new Date().toISOString(),
      });
      return { followed, runDir, record: JSON.parse(await readFile(join(runDir, "run.json"), "utf8")) };
    };
    const register = (buildId: string, extra: object = {}) =>
      registerInWorkspace(session.ctx, {
        model: leastSquares,
        trainDir: dir("train"),
        outputDir: dir("register"),
        modelName: v.MODEL_NAME,
        experimentName: v.EXPERIMENT_NAME,
        buildId,
        modelUri: "azureml://datastores/workspaceblobstore/paths/mlops/job-1/trained_model/model",
        ...extra,
      });

    it("registers the first model as an mlflow_model with the local registry's tags, once per build", async () => {
      await submitJob(session.ctx, submission("mlopsts-b1", "b1"), {});
      const verdict = await evaluateInWorkspace(session.ctx, {
        trainDir: dir("train"),
        outputDir: dir("eval"),
        ...evaluationSettings(v),
      });
      expect(verdict.decision).toBe("first_model");
      const first = await register("b1", {
        verdictFile: join(dir("eval"), "verdict.json"),
        pipelineJob: "mlopsts-b1",
        dataAsset: `${v.DATASET_NAME}:0123abcd`,
      });
      expect(first).toMatchObject({ registered: true, created: true, version: 1, uri: `models:/${v.MODEL_NAME}/1` });
      const put = fake.calls.find((c) => c.operationId === "ModelVersions_CreateOrUpdate");
      expect(put?.path).toMatch(new RegExp(`/models/${v.MODEL_NAME}/versions/1$`));
      const metrics = JSON.parse(await readFile(join(dir("train"), "metrics.json"), "utf8"));
      expect(put?.body.properties).toMatchObject({
        modelType: "mlflow_model",
        modelUri: "azureml://datastores/workspaceblobstore/paths/mlops/job-1/trained_model/model",
        tags: {
          BuildId: "b1",
          experiment_name: v.EXPERIMENT_NAME,
          mse: String(metrics.mse),
          r2: String(metrics.r2),
          "mlops.task": "regression",
          "mlops.inputs": "x1 double, x2 double, x3 double",
          data_asset: `${v.DATASET_NAME}:0123abcd`,
        },
      });
      expect(Object.keys(put?.body.properties.flavors)).toContain("python_function");
      // Scalar fields of the MLmodel's flavors as text; nested ones (python_function.env) are left out.
      expect(put?.body.properties.flavors.python_function.data).toEqual({
        data: "model.onnx",
        loader_module: "mlflow.onnx",
        python_version: expect.any(String),
      });
      const smoke = JSON.parse(put?.body.properties.properties["mlops.smoke"]);
      const model = JSON.parse(await readFile(join(dir("train"), "model", "smoke.json"), "utf8"));
      expect(smoke).toEqual({
        columns: ["x1", "x2", "x3"],
        data: model.input.data,
        result: model.result,
        output: "value",
      });
      expect(JSON.parse(await readFile(join(dir("register"), "registration.json"), "utf8")).uri).toBe(first.uri);

      // The submitter's record of the run: from the outcome the register step tagged the job with.
      const { followed, record, runDir } = await finish("mlopsts-b1");
      expect(followed.status).toBe("Completed");
      expect(record).toMatchObject({
        status: "completed",
        registration: { registered: true, version: 1 },
        verdict: { decision: "first_model" },
      });
      expect(record.metrics.mse).toBe(metrics.mse);
      const smokeFile = JSON.parse(await readFile(join(runDir, "train/model/smoke.json"), "utf8"));
      expect(smokeFile.result).toEqual(smoke.result);
      expect(trainingReport(record, join(runDir, "summary.md")).identity).toMatchObject({
        registered: true,
        version: 1,
      });

      const again = await register("b1");
      expect(again).toMatchObject({ registered: true, created: false, version: 1 });
      expect(fake.calls.filter((c) => c.operationId === "ModelVersions_CreateOrUpdate")).toHaveLength(1);
      expect(fake.violations).toEqual([]);
    });

    it("not better than production with ALLOW_RUN_CANCEL: nothing registered, the job tagged with the verdict and canceled", async () => {
      await registerModelVersion(session.ctx, {
        name: v.MODEL_NAME,
        modelUri: "azureml://datastores/workspaceblobstore/paths/mlops/job-0/trained_model/model",
        tags: { experiment_name: v.EXPERIMENT_NAME, mse: "1e-9", BuildId: "b0" },
      });
      const job = submission("mlopsts-b2-cancel", "b2");
      await submitJob(session.ctx, job, {});
      const verdict = await evaluateInWorkspace(session.ctx, {
        trainDir: dir("train"),
        outputDir: dir("eval"),
        ...evaluationSettings(v),
      });
      expect(verdict).toMatchObject({
        decision: "not_better",
        action: "cancel",
        production_model: `models:/${v.MODEL_NAME}/2`,
        production_value: 1e-9,
      });
      const before = fake.calls.length;
      const registration = await register("b2", {
        verdictFile: join(dir("eval"), "verdict.json"),
        pipelineJob: job.jobName,
      });
      expect(registration.registered).toBe(false);
      const ops = fake.calls.slice(before).map((c) => c.operationId);
      expect(ops).not.toContain("ModelVersions_CreateOrUpdate");
      expect(ops).toEqual(expect.arrayContaining(["Jobs_Get", "Jobs_CreateOrUpdate", "Jobs_Cancel"]));
      const tagged = fake.calls.slice(before).find((c) => c.operationId === "Jobs_CreateOrUpdate");
      expect(tagged?.body.properties.outputs.trained_model.uri).toBe(
        "azureml://datastores/workspaceblobstore/paths/mlops/mlopsts-b2-cancel/trained_model/",
      );
      expect(tagged?.body.properties.tags).toMatchObject({
        "mlops.verdict": "not_better",
        "mlops.verdict_reason": verdict.reason,
      });

      const { followed, record, runDir } = await finish(job.jobName);
      expect(followed.status).toBe("Canceled");
      expect(summarize(session.ctx, followed, job.jobName)).toBe(0);
      expect(lines.at(-1)).toContain(`${job.jobName} canceled: ${verdict.reason}`);
      expect(record).toMatchObject({
        status: "canceled",
        reason: `canceled: ${verdict.reason}`,
        registration: { registered: false },
      });
      expect(trainingReport(record, join(runDir, "summary.md"))).toMatchObject({
        exitCode: 0,
        identity: { registered: false },
      });
      expect(verdict.reason).toMatch(/^not better/);
      expect(fake.violations).toEqual([]);
    });

    it("a sweep's best trial: registered with its metrics, the run record holds its hyperparameters, not the knobs'", async () => {
      // SWEEP=true over the fixture's own hyperparameter; the trial Azure ML picked was fit with shrink 2.5 (the knob
      // says the default) on the training rows minus a validation share, as the sweep node's trials run train.
      // The template's knobs with the fixture's hyperparameters in place of the project model's.
      const vs = {
        ...testVariables(
          "SWEEP=true",
          "SWEEP_SAMPLING=grid",
          `EVALUATION_METRIC=${FIXTURES.regression.metric}`,
          `EVALUATION_DIRECTION=${FIXTURES.regression.direction}`,
        ),
        hyperparameters: defaultParams(leastSquares.hyperparameters),
      };
      expect(vs.hyperparameters.shrink).not.toBe(2.5);
      await trainFromPrepStep({
        model: leastSquares,
        prepDir: dir("prep"),
        outputDir: dir("best-trial"),
        params: { shrink: 2.5 },
        validationSize: 0.25,
        modelName: vs.MODEL_NAME,
        runId: "trial-7",
      });
      const metrics = JSON.parse(await readFile(join(dir("best-trial"), "metrics.json"), "utf8"));
      const job = submission("mlopsts-b3-sweep", "b3");
      await submitJob(session.ctx, job, {});
      const before = fake.calls.length;
      const registration = await registerInWorkspace(session.ctx, {
        model: leastSquares,
        trainDir: dir("best-trial"),
        outputDir: dir("register-sweep"),
        modelName: vs.MODEL_NAME,
        experimentName: vs.EXPERIMENT_NAME,
        buildId: "b3",
        modelUri: "azureml://datastores/workspaceblobstore/paths/mlops/mlopsts-b3-sweep/trained_model/model",
        pipelineJob: job.jobName,
      });
      expect(registration).toMatchObject({ registered: true, created: true });
      const put = fake.calls.slice(before).find((c) => c.operationId === "ModelVersions_CreateOrUpdate");
      // The validation score the sweep ranked by rides with the test metrics into the model's tags, and the winning
      // hyperparameters with them.
      expect(put?.body.properties.tags).toMatchObject({
        BuildId: "b3",
        mse: String(metrics.mse),
        validation_mse: String(metrics.validation_mse),
        "param.shrink": "2.5",
      });

      const followed = await followJob(session.ctx, job.jobName);
      const runDir = await writeAzureRunRecord({
        home: join(shared().dir, "in-job-home"),
        jobName: job.jobName,
        job: followed.job,
        status: followed.status,
        variables: vs,
        build: { buildId: "b3", buildUri: "" },
        link: jobLink(session.ctx, followed.job, job.jobName),
        startedUtc: new Date().toISOString(),
      });
      const record = JSON.parse(await readFile(join(runDir, "run.json"), "utf8"));
      expect(record.params).toEqual({ shrink: 2.5, test_size: 0.2, random_state: 0, validation_size: 0.25 });
      expect(record.sweep).toEqual({
        sampling: "grid",
        max_trials: vs.SWEEP_MAX_TRIALS,
        max_concurrent_trials: vs.SWEEP_MAX_CONCURRENT_TRIALS,
        metric: "validation_mse",
        goal: "minimize",
        best_value: metrics.validation_mse,
        params: { shrink: 2.5 },
      });
      expect(typeof metrics.validation_mse).toBe("number");
      expect(fake.violations).toEqual([]);
    });
  });
}
