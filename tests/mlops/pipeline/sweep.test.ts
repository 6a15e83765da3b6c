// SWEEP=true in the local pipeline, on a copy of the repository whose model is the regression fixture: prep → sweep
// (trials in worker processes) → evaluate → register, the best trial's output standing at train/ byte for byte,
// run.json and the registered model's tags carrying the winning hyperparameters; and `mlops sweep` as a user runs it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { command, sweepKnobs } from "../../../mlops/cli/commands/sweep.js";
import type { RunRecord } from "../../../mlops/pipeline/record.js";
import { runLocal } from "../../../mlops/pipeline/run-local.js";
import { formatSummary } from "../../../mlops/pipeline/summary.js";
import { listModels } from "../../../mlops/registry/index.js";
import type { SweepRecord } from "../../../mlops/sweep/index.js";
import { leastSquares } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "./cli.js";

const project = fixtureProject("regression");
afterAll(project.cleanup);
const modelModule = {
  module: join(import.meta.dirname, "..", "fixtures", "models", "least-squares.ts"),
  export: "leastSquares",
};

/** Every file under `dir` with its bytes, by relative path. */
function files(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) Object.assign(out, files(join(dir, e.name), `${rel}/`));
    else out[rel] = readFileSync(join(dir, e.name)).toString("base64");
  }
  return out;
}

describe("SWEEP=true in the local pipeline", () => {
  it("sweeps, puts the best trial at train/, evaluates and registers it with the winner in run.json and the tags", async () => {
    const home = join(project.root, ".mlops-a");
    const { record, runDir } = await runLocal({
      variables: project.variables("SWEEP=true", "SWEEP_VALIDATION_SIZE=0.25"),
      home,
      model: leastSquares,
      modelModule,
      sweepWorkers: 2,
      env: {},
    });
    expect(record.status, record.reason ?? "").toBe("completed");
    expect(record.steps.map((s) => [s.name, s.status])).toEqual([
      ["prep-data", "completed"],
      ["sweep", "completed"],
      ["evaluate", "completed"],
      ["register", "completed"],
    ]);
    const sweep = JSON.parse(readFileSync(join(runDir, "sweep", "sweep.json"), "utf8")) as SweepRecord;
    expect(sweep.trials).toHaveLength(6);
    expect(sweep.validation_size).toBe(0.25);
    const best = sweep.trials[sweep.best.trial - 1];
    expect(record.sweep).toEqual({
      file: "sweep/sweep.json",
      sampling: "grid",
      trials: 6,
      failed: 0,
      metric: "validation_mse",
      best_trial: sweep.best.trial,
      best_value: best.value,
      params: { shrink: best.params.shrink },
    });
    expect(record.params.shrink).toBe(best.params.shrink);
    expect(record.metrics).toEqual(best.metrics);
    expect(files(join(runDir, "train"))).toEqual(files(join(runDir, "sweep", best.output)));
    expect(record.plots).toEqual(["plots/validation-mse-vs-shrink.png"]);

    const [version] = await listModels({ home });
    expect(version.tags["param.shrink"]).toBe(String(best.params.shrink));
    expect(version.tags.validation_mse).toBe(String(best.value));
    const summary = formatSummary(record, runDir);
    expect(summary).toContain(
      `sweep     6 trials (grid); best ${sweep.best.trial}: shrink=${best.params.shrink}, validation_mse ${best.value}`,
    );
  }, 90_000);

  it("runs without evaluation (RUN_EVALUATION=false) and honours the trial budget", async () => {
    const { record } = await runLocal({
      variables: project.variables("SWEEP=true", "RUN_EVALUATION=false", "SWEEP_MAX_TRIALS=2"),
      home: join(project.root, ".mlops-b"),
      model: leastSquares,
      modelModule,
      sweepWorkers: 1,
      env: {},
    });
    expect(record.status, record.reason ?? "").toBe("completed");
    expect(record.steps.map((s) => s.name)).toEqual(["prep-data", "sweep", "register"]);
    expect(record.sweep?.trials).toBe(2);
  }, 90_000);

  it("fails the sweep step, naming the fix, for a model without a search space", async () => {
    const { searchSpace: _, ...bare } = leastSquares;
    const { record } = await runLocal({
      variables: project.variables("SWEEP=true"),
      home: join(project.root, ".mlops-c"),
      model: bare,
      modelModule,
      env: {},
    });
    expect(record.status).toBe("failed");
    expect(record.reason).toBe(
      "step sweep failed: model least_squares declares no searchSpace: add one to its defineModel (docs/sweeps.md) or set SWEEP=false",
    );
  });
});

describe("mlops sweep", () => {
  it("maps its flags to the SWEEP knobs (--parallel is the worker count locally, concurrent trials on Azure ML)", () => {
    const flags = { set: ["SWEEP_MAX_TRIALS=9"], maxTrials: 3, sampling: "random", parallel: 4 };
    expect(sweepKnobs("local", flags)).toEqual([
      "SWEEP_MAX_TRIALS=9",
      "SWEEP=true",
      "SWEEP_MAX_TRIALS=3",
      "SWEEP_SAMPLING=random",
    ]);
    expect(sweepKnobs("azureml", flags)).toEqual([
      "SWEEP_MAX_TRIALS=9",
      "SWEEP=true",
      "SWEEP_MAX_TRIALS=3",
      "SWEEP_SAMPLING=random",
      "SWEEP_MAX_CONCURRENT_TRIALS=4",
    ]);
    expect(sweepKnobs("local", { set: [] })).toEqual(["SWEEP=true"]);
  });

  it("refuses Bayesian sampling locally and bad numbers, before running anything", async () => {
    await expect(command.run(["--sampling", "bayesian"])).rejects.toThrow(
      /--sampling bayesian runs on Azure ML only .*: add --target azureml, or use grid or random locally/,
    );
    await expect(command.run(["--parallel", "0"])).rejects.toThrow("--parallel must be a whole number ≥ 1, got '0'");
    await expect(command.run(["--max-trials", "two"])).rejects.toThrow(
      "--max-trials must be a whole number ≥ 1, got 'two'",
    );
    await expect(command.run(["--target", "aks"])).rejects.toThrow("--target must be local or azureml, got 'aks'");
    await expect(command.run(["--no-wait"])).rejects.toThrow("--no-wait only apply to --target azureml");
  });

  it("runs in a fresh copy as a user types it: a progress line per trial, sweep.json, a registered model", async () => {
    const env = cleanEnv();
    const r = await runCli(["sweep", "--max-trials", "3", "--parallel", "2"], { cwd: project.root, env });
    expect(r.code, r.stderr).toBe(0);
    const trials = r.stdout.split("\n").filter((l) => /^ {4}trial \d\/3 shrink=/.test(l));
    expect(trials).toHaveLength(3);
    const runs = readdirSync(join(project.root, ".mlops", "runs"));
    const record = JSON.parse(
      readFileSync(join(project.root, ".mlops", "runs", runs[0], "run.json"), "utf8"),
    ) as RunRecord;
    expect(record.status).toBe("completed");
    expect(record.variables.SWEEP).toBe("true");
    expect(record.sweep?.trials).toBe(3);
    expect(r.stdout).toContain(`best ${record.sweep?.best_trial}: shrink=${record.params.shrink}`);
    const dry = await runCli(["sweep", "--dry-run", "--sampling", "random"], { cwd: project.root, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/2\. sweep → sweep\/\n {7}split +prep\/\n {7}sampling +random\n/);
  }, 120_000);

  it("--target azureml --dry-run is run --target azureml with SWEEP=true: the flags reach the sweep node", async () => {
    const dir = join(project.root, "azure-calls");
    const env = cleanEnv({ MLOPS_HOME: join(project.root, ".mlops-azure") });
    const args = ["sweep", "--target", "azureml", "--dry-run", "--dry-run-dir", dir];
    const r = await runCli([...args, "--parallel", "2", "--max-trials", "5", "--sampling", "random"], {
      cwd: project.root,
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    const calls = JSON.parse(readFileSync(join(dir, "calls.json"), "utf8")) as {
      method: string;
      url: string;
      body?: { properties?: { jobs?: Record<string, Record<string, unknown>> } };
    }[];
    const job = calls.find((c) => c.method === "PUT" && /\/jobs\/[^/?]+\?/.test(c.url));
    const node = job?.body?.properties?.jobs?.train;
    expect(node).toMatchObject({
      type: "sweep",
      limits: { max_total_trials: 5, max_concurrent_trials: 2 },
      sampling_algorithm: { type: "random" },
      objective: { primary_metric: "validation_mse", goal: "minimize" },
    });
    expect(Object.keys(node?.search_space as object)).toEqual(["TRAIN_SHRINK"]);
  }, 120_000);
});
