import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Command } from "../../../mlops/cli/command.js";
import { command as modelsCommand } from "../../../mlops/cli/commands/models.js";
import { loadVariables } from "../../../mlops/config/index.js";
import type { RunRecord } from "../../../mlops/pipeline/record.js";
import { runLocal } from "../../../mlops/pipeline/run-local.js";
import { formatSummary } from "../../../mlops/pipeline/summary.js";
import { listModels, resolveModelRef } from "../../../mlops/registry/index.js";
import { darkPixels, decodePng } from "../charts/decode-png.js";
import { leastSquares } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "./cli.js";

// A copy of the repository whose model is the regression fixture: `npm start` as a user runs it.
const project = fixtureProject("regression");
afterAll(project.cleanup);
const home = join(project.root, ".mlops");
const { MODEL_NAME } = loadVariables({ env: {} });

const start = (...args: string[]) => runCli(["run", ...args], { cwd: project.root, env: cleanEnv() });

/**
 * The same pipeline in-process (fewer processes for the suite): the copy's template and data, the fixture model,
 * the copy's .mlops; returns what `npm start` prints at the end.
 */
async function inProcess(...set: string[]): Promise<{ code: number; stdout: string }> {
  const { record, runDir } = await runLocal({
    variables: project.variables(...set),
    home,
    model: leastSquares,
    env: {},
  });
  return { code: record.status === "failed" ? 1 : 0, stdout: formatSummary(record, runDir) };
}

/** A command in-process against the copy's .mlops. */
async function command(c: Command, ...args: string[]): Promise<{ code: number; stdout: string }> {
  vi.stubEnv("MLOPS_HOME", home);
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const code = await c.run(args);
    return { code, stdout: log.mock.calls.join("\n") };
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}
const versions = async () => (await listModels({ home, name: MODEL_NAME })).map((v) => v.version);

function lastRun(): RunRecord {
  const runs = readdirSync(join(home, "runs")).sort();
  return JSON.parse(readFileSync(join(home, "runs", runs[runs.length - 1], "run.json"), "utf8"));
}

describe("npm start (mlops run) in a fresh copy", () => {
  it("registers version 1 and writes run.json and the charts", async () => {
    const r = await start();
    expect(r.code, r.stderr).toBe(0);
    expect(await versions()).toEqual([1]);
    const record = lastRun();
    expect(record.status).toBe("completed");
    expect(record.steps.map((s) => [s.name, s.status])).toEqual([
      ["prep-data", "completed"],
      ["train", "completed"],
      ["evaluate", "completed"],
      ["register", "completed"],
    ]);
    expect(record.steps.every((s) => typeof s.duration_s === "number")).toBe(true);
    expect(record.metrics?.mse).toBeGreaterThan(0);
    expect(record.verdict?.decision).toBe("first_model");
    expect(record.registration?.uri).toBe(`models:/${MODEL_NAME}/1`);
    expect(record.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.params).toMatchObject({ shrink: 0.1, test_size: 0.2, random_state: 0 });
    const runDir = join(home, "runs", record.run_id);
    expect(record.plots).toEqual(["plots/predicted-vs-actual.png", "plots/residuals.png"]);
    for (const plot of record.plots) {
      const png = decodePng(readFileSync(join(runDir, plot)));
      expect(darkPixels(png), plot).toBeGreaterThan(1000); // text drawn: titles, axis labels
    }
    expect(r.stdout).toMatch(/✓ register/);
    expect(r.stdout).toMatch(
      new RegExp(`plots +\\.mlops/runs/${record.run_id}/plots/ \\(predicted-vs-actual\\.png, residuals\\.png\\)`),
    );
    expect(await resolveModelRef(`models:/${MODEL_NAME}/latest`, { home })).toBe(
      join(home, "registry", MODEL_NAME, "1", "model"),
    );
    // The run's report.html, written once run.json is final (tests/mlops/ui checks what it holds).
    expect(r.stdout).toMatch(new RegExp(`report +\\.mlops/runs/${record.run_id}/report\\.html`));
    const report = readFileSync(join(runDir, "report.html"), "utf8");
    expect(report).toContain(`<h1>Run ${record.run_id}</h1>`);
    expect(report.match(/src="data:image\/png;base64,/g)?.length).toBe(record.plots.length);
  });

  it("cancels the second identical run (a tie), registering nothing, exit 0", async () => {
    const r = await start();
    expect(r.code, r.stderr).toBe(0);
    const record = lastRun();
    expect(record.status).toBe("canceled");
    expect(record.verdict?.decision).toBe("not_better");
    expect(record.verdict?.new_value).toBe(record.verdict?.production_value);
    expect(record.reason).toMatch(/^canceled: not better \(mse (\S+) new vs \1 production/);
    expect(record.steps.at(-1)).toMatchObject({ name: "register", status: "skipped" });
    expect(r.stdout).toMatch(/canceled/);
    expect(await versions()).toEqual([1]);
  });

  it("RUN_EVALUATION=false registers with no evaluate step", async () => {
    const r = await inProcess("RUN_EVALUATION=false");
    expect(r.code).toBe(0);
    expect(lastRun().steps.map((s) => s.name)).toEqual(["prep-data", "train", "register"]);
    expect(await versions()).toEqual([1, 2]);
  });

  it("ALLOW_RUN_CANCEL=false registers anyway and records the verdict", async () => {
    const r = await inProcess("ALLOW_RUN_CANCEL=false");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/registered anyway \(ALLOW_RUN_CANCEL=false\)/);
    expect(lastRun().verdict).toMatchObject({ decision: "not_better", action: "register" });
    expect(await versions()).toEqual([1, 2, 3]);
    const [v3] = await listModels({ home, name: MODEL_NAME }).then((all) => all.slice(-1));
    expect(v3.tags.evaluation).toBe("not_better");
  });

  it("a better hyperparameter value is registered", async () => {
    const r = await inProcess("TRAIN_SHRINK=0");
    expect(r.code).toBe(0);
    const record = lastRun();
    expect(record.verdict?.decision).toBe("better");
    expect(record.metrics?.mse).toBeLessThan(record.verdict?.production_value ?? 0);
    expect(await versions()).toEqual([1, 2, 3, 4]);
  });

  it("lists the registry", async () => {
    const r = await command(modelsCommand, "list");
    expect(r.code).toBe(0);
    for (const v of [1, 2, 3, 4]) expect(r.stdout).toContain(`models:/${MODEL_NAME}/${v}`);
  });
});
