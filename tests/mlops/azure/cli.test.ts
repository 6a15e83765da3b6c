import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../mlops/errors/index.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";

// The commands exactly as documented, through the real CLI: no network, no credentials.
describe("mlops run --target azureml / deploy (CLI)", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mlops-azure-cli-"));
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  // 60 s: bundles the steps: train.mjs carries vega and vega-lite for the charts (~1.9 MB more for esbuild).
  it("run --target azureml --dry-run --set RUN_EVALUATION=false prints the upload, environment, job and tags requests", async () => {
    const dir = join(home, "calls");
    const env = cleanEnv({ MLOPS_HOME: home, BUILD_BUILDID: "31" });
    const result = await runCli(
      ["run", "--target", "azureml", "--dry-run", "--set", "RUN_EVALUATION=false", "--dry-run-dir", dir],
      { env },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\d{3} POST https:\/\/management\.azure\.com\/.*\/codes\/mlops_steps\/versions\/\w+\/startPendingUpload\?api-version=2025-12-01/,
    );
    expect(result.stdout).toMatch(/\d{3} PUT https:\/\/www\.contoso\.com\/example\/steps\/train\.mjs/);
    expect(result.stdout).toMatch(
      /\d{3} PUT https:\/\/management\.azure\.com\/.*\/environments\/mlops-node\/versions\//,
    );
    expect(result.stdout).toMatch(
      /\d{3} PUT https:\/\/management\.azure\.com\/.*\/jobs\/mlopsts-31-\w+\?api-version=2025-12-01/,
    );
    const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as {
      url: string;
      body?: { properties?: { jobs?: object; tags?: object } };
    }[];
    const job = calls.find((c) => /\/jobs\/[^/?]+\?/.test(c.url))?.body?.properties;
    expect(Object.keys(job?.jobs ?? {})).toEqual(["prep_data", "train", "register"]);
    expect(job?.tags).toMatchObject({ BuildId: "31" });
  }, 60_000);

  it("deploy --dry-run reaches the deploy (a model with no local stand-in is refused); a bad --model or --mode is a usage error", async () => {
    const { command } = await import("../../../mlops/cli/commands/deploy.js");
    vi.stubEnv("MLOPS_HOME", join(home, "no-models"));
    try {
      const argv = [
        "--model",
        "models:/nowhere/2",
        "--endpoint",
        "ep-x",
        "--dry-run",
        "--dry-run-dir",
        join(home, "x"),
      ];
      await expect(command.run(argv)).rejects.toThrow(/model nowhere:2 has no usable mlops\.smoke property/);
    } finally {
      vi.unstubAllEnvs();
    }
    await expect(command.run(["--model", "diabetes_regression_model:2", "--dry-run"])).rejects.toThrow(
      "--model must be models:/<name>/<version> or models:/<name>/latest, got 'diabetes_regression_model:2'",
    );
    await expect(command.run(["--model", "models:/m/1", "--dry-run-dir", "x"])).rejects.toThrow(
      "--dry-run-dir needs --dry-run",
    );
    await expect(command.run(["--model", "models:/m/1", "--mode", "docker", "--dry-run"])).rejects.toThrow(
      "deploy: --mode must be container or mlflow, got 'docker'",
    );
  });

  it("batch-score --dry-run prints the PipelineComponent deployment and the invocation; bad flags fail before Azure", {
    timeout: 90_000, // one real CLI process that builds the step bundle
  }, async () => {
    const dir = join(home, "batch-calls");
    const env = cleanEnv({ MLOPS_HOME: home, BUILD_BUILDID: "32" });
    const input = "azureml://datastores/workspaceblobstore/paths/batch-scoring/input/";
    const args = ["batch-score", "--model", "models:/m/2", "--input", input, "--endpoint", "bep-x"];
    const result = await runCli([...args, "--dry-run", "--dry-run-dir", dir], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\d{3} PUT https:\/\/management\.azure\.com\/.*\/components\/mlops_batch_score\/versions\/\w+\?/,
    );
    expect(result.stdout).toMatch(
      /\d{3} PUT https:\/\/management\.azure\.com\/.*\/batchEndpoints\/bep-x\/deployments\/mlops-score\?api-version=2025-12-01\n {4}\{/,
    );
    expect(result.stdout).toContain('"deploymentConfigurationType": "PipelineComponent"');
    expect(result.stdout).toMatch(/\d{3} POST https:\/\/bep-x\.westeurope\.inference\.ml\.azure\.com\/jobs\n/);
    expect(result.stdout).toContain("/datastores/workspaceblobstore/paths/batch-scoring/32/");
    const calls = JSON.parse(await readFile(join(dir, "calls.json"), "utf8")) as { url: string }[];
    expect(calls.some((c) => c.url.endsWith("/steps/score.mjs"))).toBe(true); // the score step is in the code asset

    // Flag errors: usage errors (exit code 2) before any call, through the command itself.
    const { command } = await import("../../../mlops/cli/commands/batch-score.js");
    for (const [extra, message] of [
      [["--timeout-minutes", "0"], "--timeout-minutes must be ≥ 1, got 0"],
      [["--dry-run-dir", "x"], "--dry-run-dir needs --dry-run"],
      [["--output-path", "/tmp/out", "--dry-run"], "'/tmp/out' is not a folder in Azure"],
      [["--model", "models:/m/latest", "--dry-run"], "--dry-run needs a version number in --model"],
    ] as const) {
      const error = await command.run([...args.slice(1), ...extra]).catch((e: Error) => e);
      expect(error, extra.join(" ")).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as UsageError).message).toContain(message);
    }
  });
});
