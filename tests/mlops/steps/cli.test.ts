import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { command as models } from "../../../mlops/cli/commands/models.js";
import { command as run } from "../../../mlops/cli/commands/run.js";
import { loadVariables } from "../../../mlops/config/index.js";
import { UsageError } from "../../../mlops/errors/index.js";
import { registerStep } from "../../../mlops/steps/register.js";
import { leastSquares } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";
import { tempRoot, trainOutput } from "./fixtures.js";

const { root, cleanup } = tempRoot("mlops-step-cli-");
// The CLI runs on a project whose model is the regression fixture (the machinery knows no model).
const project = fixtureProject("regression");
const cwd = project.root;
const modelName = loadVariables({ env: {} }).MODEL_NAME;
afterAll(() => {
  cleanup();
  project.cleanup();
});

describe("step CLIs (real processes)", () => {
  it("prep-data writes the split with template defaults and flag overrides", async () => {
    const out = join(root, "prep");
    const r = await runCli(["prep-data", "--output-dir", out, "--test-size", "30", "--set", "TRAIN_FEATURES=x3,x1"], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/prep-data: 80 rows → 50 train \/ 30 test/);
    const split = JSON.parse(readFileSync(join(out, "split.json"), "utf8"));
    expect([split.inputs.map((c: { name: string }) => c.name), split.random_state, split.n_test]).toEqual([
      ["x3", "x1"],
      0,
      30,
    ]);
  });

  it("evaluate writes verdict.json against a models:/ production model, and fails with one line", async () => {
    const home = join(root, "home");
    const prod = await trainOutput(root, { mse: 10 });
    const train = await trainOutput(root, { mse: 9 });
    const env = cleanEnv({ MLOPS_HOME: home });
    await registerStep({
      model: leastSquares,
      trainDir: prod,
      outputDir: join(root, "reg"),
      modelName,
      experimentName: "e",
      home,
    });
    const out = join(root, "eval");
    const args = ["evaluate", "--train-dir", train, "--output-dir", out];
    const r = await runCli([...args, "--production", `models:/${modelName}/latest`], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/evaluate: better \(mse 9 new vs 10 production models:\/\S+\/1; lower is better\)/);
    expect(JSON.parse(readFileSync(join(out, "verdict.json"), "utf8")).decision).toBe("better");
    const bad = await runCli([...args, "--production", "models:/nope/3"], { cwd, env });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toMatch(/^mlops evaluate: models:\/nope\/3: model nope version 3 not found/);
  });
});

describe("run and models flags", () => {
  it("rejects a bad target and Azure-only flags with a local run", async () => {
    await expect(run.run(["--target", "cloud"])).rejects.toThrow(/--target must be local or azureml, got 'cloud'/);
    await expect(run.run(["--no-wait", "--dry-run"])).rejects.toThrow(UsageError);
    await expect(run.run(["--pipeline-version", "3"])).rejects.toThrow(
      /--pipeline-version only apply to --target azureml/,
    );
    await expect(run.run(["--set", "NOPE=1"])).rejects.toThrow(/unknown variable 'NOPE'/);
  });

  it("models needs the list subcommand", async () => {
    await expect(models.run([])).rejects.toThrow(/expected 'models list \[--name N\] \[--json\]'/);
    await expect(models.run(["list", "--bogus"])).rejects.toThrow(/--bogus/);
  });
});
