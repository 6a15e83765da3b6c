import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";

// `mlops train` on a project whose model is the regression fixture: its flags come from the model's declarations.
const project = fixtureProject("regression");
const train = (args: readonly string[]) => runCli(["train", ...args], { cwd: project.root, env: cleanEnv() });

describe.concurrent("mlops train", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "train-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    project.cleanup();
  });

  // 60 s: two train processes, each drawing its charts (about a second of CPU more per process).
  it("takes every declared hyperparameter as a flag, defaulting to the template's knob, and the split from the template", async () => {
    const [knob, flag] = await Promise.all([
      train(["--output-dir", join(dir, "knob")]),
      train(["--shrink", "3", "--features", "x2,x1", "--random-state", "4", "--output-dir", join(dir, "flag")]),
    ]);

    expect(knob.code, knob.stderr).toBe(0);
    expect(flag.code, flag.stderr).toBe(0);
    const m1 = JSON.parse(await readFile(join(dir, "knob", "metrics.json"), "utf8"));
    const m2 = JSON.parse(await readFile(join(dir, "flag", "metrics.json"), "utf8"));
    expect(m1.params).toMatchObject({ shrink: 0.1, test_size: 0.2, random_state: 0, features: ["x1", "x2", "x3"] });
    expect(m2.params).toMatchObject({ shrink: 3, random_state: 4, features: ["x2", "x1"] });
    expect((await readdir(join(dir, "flag", "model"))).includes("MLmodel")).toBe(true);
    expect(knob.stdout).toMatch(/^train: least_squares \(shrink 0\.1\) on 64 rows, tested on 16: mse \d/);
  }, 60_000);

  it("lists the model's hyperparameters in --help, with their ranges and knobs", async () => {
    const help = await train(["--help"]);

    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /--shrink X\s+L2 penalty on the weights: a number in 0\.\.100 \(default: TRAIN_SHRINK, else 0\.1\)/,
    );
  });

  it("rejects bad values with one line naming every problem, writing nothing", async () => {
    const out = join(dir, "bad");

    const result = await train([
      ...["--shrink", "-1", "--test-size", "80", "--random-state", "x"],
      ...["--features", "x1,FOO", "--output-dir", out],
    ]);

    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mlops train: /);
    for (const part of [
      /hyperparameter shrink must be a number in 0\.\.100, got '-1'/,
      /--random-state must be an integer, got 'x'/,
      /features FOO: not inputs of the model \(model least_squares reads x1, x2, x3\)/,
      /test size 80 must be a count below the 80 rows/,
    ]) {
      expect(lines[0]).toMatch(part);
    }
    expect(await readdir(dir)).not.toContain("bad");
  });

  it("rejects a flag the model does not declare", async () => {
    const result = await train(["--output-dir", join(dir, "x"), "--learning-rate", "3"]);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Unknown option '--learning-rate'/);
  });
});
