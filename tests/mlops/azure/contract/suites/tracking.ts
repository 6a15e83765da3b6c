import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../../../../mlops/bundle/index.js";
import { fixtureProject } from "../../../fixtures/project.js";
import { type FakeMlflow, startFakeMlflow } from "../fake-mlflow/server.js";
import type { Shared } from "./shared.js";

const run = promisify(execFile);
const TOKEN = "aml-job-token-secret";
// The workspace scope Azure ML's tracking URI ends with (azureml://<region>.api.azureml.ms/mlflow/v1.0/...).
const SCOPE =
  "/mlflow/v1.0/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/test-rg" +
  "/providers/Microsoft.MachineLearningServices/workspaces/my-aml-workspace";

/** The environment without any MLflow variable of the machine running the tests. */
const cleanEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MLFLOW_")));

/** What metrics.json says should be logged: its `params` object as text, its top-level numbers. */
function expectedFrom(file: Record<string, unknown>) {
  const params = Object.entries(file.params as Record<string, unknown>).map(([k, v]) => [
    k,
    typeof v === "string" ? v : JSON.stringify(v),
  ]);
  const metrics = Object.entries(file).filter(([, v]) => typeof v === "number");
  return { params: Object.fromEntries(params), metrics: Object.fromEntries(metrics) };
}

/** The bundled train and evaluate steps log to the job's MLflow run, as in an Azure ML job. */
export function trackingSuite(shared: () => Shared): void {
  describe("MLflow tracking from the bundled steps (MLFLOW_TRACKING_URI, MLFLOW_RUN_ID, MLFLOW_TRACKING_TOKEN)", () => {
    let fake: FakeMlflow;
    let bundle: string;
    // Steps bundled from a copy of the repository whose model is the regression fixture.
    const project = fixtureProject("regression");
    const dir = (name: string) => join(shared().dir, "tracking", name);
    const step = (name: string, args: string[], env: Record<string, string> = {}) =>
      run(process.execPath, [join(bundle, "steps", `${name}.mjs`), ...args], {
        cwd: shared().dir,
        env: { ...cleanEnv(), MLOPS_HOME: dir("home"), ...env },
      });
    const tracking = (runId: string) => ({
      MLFLOW_TRACKING_URI: fake.trackingUri,
      MLFLOW_RUN_ID: runId,
      MLFLOW_TRACKING_TOKEN: TOKEN,
      MLFLOW_EXPERIMENT_NAME: "mlopsts",
    });
    beforeAll(async () => {
      bundle = join(shared().dir, "tracking-bundle");
      [fake] = await Promise.all([
        startFakeMlflow({ basePath: SCOPE, token: TOKEN }),
        buildBundle({ outDir: bundle, root: project.root }),
      ]);
      await step("prep-data", ["--data", join(project.root, project.dataFile), "--output-dir", dir("prep")]);
    });
    afterAll(async () => {
      await fake.close();
      project.cleanup();
    });

    it("train logs metrics.json's params and top-level numbers, evaluate the verdict — through 429 and 503", async () => {
      fake.createRun("train-run");
      fake.createRun("evaluate-run");
      // Retry-After 0: retried at once (the backoff without one is tests/mlops/tracking's, with fast settings).
      fake.faults.push({ status: 429, retryAfter: "0", times: 1 }, { status: 503, retryAfter: "0", times: 1 });
      const train = await step(
        "train",
        ["--prep-dir", dir("prep"), "--output-dir", dir("train"), "--run-id", "r1"],
        tracking("train-run"),
      );
      const file = JSON.parse(await readFile(join(dir("train"), "metrics.json"), "utf8"));
      const expected = expectedFrom(file);
      const logged = fake.runs.get("train-run");
      expect(Object.fromEntries(logged?.params ?? [])).toEqual(expected.params);
      expect(Object.fromEntries([...(logged?.metrics ?? [])].map(([k, h]) => [k, h.map((m) => m.value)]))).toEqual(
        Object.fromEntries(Object.entries(expected.metrics).map(([k, v]) => [k, [v]])),
      );
      expect(Object.keys(expected.params).length).toBeGreaterThan(0);
      expect(fake.calls.map((c) => c.status)).toEqual([429, 503, 200]);

      const evaluate = await step(
        "evaluate",
        ["--train-dir", dir("train"), "--output-dir", dir("evaluate")],
        tracking("evaluate-run"),
      );
      const verdict = JSON.parse(await readFile(join(dir("evaluate"), "verdict.json"), "utf8"));
      expect(verdict.decision).toBe("first_model");
      const judged = fake.runs.get("evaluate-run");
      expect(Object.fromEntries(judged?.params ?? [])).toEqual({
        decision: verdict.decision,
        action: verdict.action,
        metric: verdict.metric,
        direction: verdict.direction,
        tie: verdict.tie,
      });
      expect(Object.fromEntries([...(judged?.metrics ?? [])].map(([k, h]) => [k, h[0].value]))).toEqual({
        [`new_${verdict.metric}`]: file[verdict.metric],
      });
      expect(Object.fromEntries(judged?.tags ?? [])).toEqual({
        "mlops.verdict": "first_model",
        "mlops.verdict_reason": verdict.reason,
      });
      expect(fake.calls.every((c) => c.bearer)).toBe(true);
      const printed = [train.stdout, train.stderr, evaluate.stdout, evaluate.stderr].join("\n");
      expect(printed).toContain("train: params and metrics logged to MLflow run train-run");
      expect(printed).not.toContain(TOKEN);
    });

    it("without MLFLOW_TRACKING_URI (a local run) nothing is sent", async () => {
      const before = fake.calls.length;
      const out = await step("train", ["--prep-dir", dir("prep"), "--output-dir", dir("train-local")]);
      expect(fake.calls.length).toBe(before);
      expect(out.stdout).not.toContain("MLflow");
    });

    it("a refusal is one warning line naming MLflow's error; the step still succeeds and prints no token", async () => {
      const out = await step(
        "train",
        ["--prep-dir", dir("prep"), "--output-dir", dir("train-refused")],
        tracking("no-such-run"),
      );
      expect(out.stderr.trim().split("\n")).toEqual([
        "train: warning: not logged to MLflow run no-such-run: MLflow log-batch to " +
          `${new URL(fake.trackingUri).host}: HTTP 404 RESOURCE_DOES_NOT_EXIST: Run with id=no-such-run not found`,
      ]);
      expect(`${out.stdout}${out.stderr}`).not.toContain(TOKEN);
    });
  });
}
