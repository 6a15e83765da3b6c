import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command } from "../../../mlops/cli/commands/score.js";
import { registerModel } from "../../../mlops/registry/index.js";
import { tempRoot, trainFixture } from "../fixtures/index.js";
import { type FixtureProject, fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";
import { type LinearOracle, linearOracle, relClose } from "../server/oracles.js";

// `mlops score` loads the model through the project's scoring/: it runs (as a process) in a copy of the repository
// whose model is the regression fixture, on a fixture model registered in a registry of its own.
let project: FixtureProject | undefined;
let dir: string;
let cleanup = () => {};
let home: string;
let modelDir: string;
let env: NodeJS.ProcessEnv;
let cwd: string;
let oracle: LinearOracle;

beforeAll(async () => {
  project = fixtureProject("regression");
  cwd = project.root;
  ({ root: dir, cleanup } = tempRoot("mlops-score-cli-"));
  home = join(dir, ".mlops");
  modelDir = join(dir, "train", "model");
  env = cleanEnv({ MLOPS_HOME: home });
  await trainFixture("regression", join(dir, "train"));
  oracle = await linearOracle(modelDir);
  await registerModel({ name: "fixture_model", modelDir, home });
});
afterAll(() => {
  cleanup();
  project?.cleanup();
});

describe("mlops score (the command)", () => {
  it("scores a CSV with a models:/ URI from the registry", async () => {
    const input = join(dir, "in.csv");
    const output = join(dir, "out.csv");
    const row = [1, 2, 3];
    await writeFile(input, `x1,x2,x3,y\n${row.join(",")},151\n`);
    const args = ["score", "--model", "models:/fixture_model/latest", "--input", input, "--output", output];
    const r = await runCli(args, { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("mlops score: ignored columns the model does not use: y");
    expect(r.stderr).toContain(`mlops score: scored 1 rows → ${output}`);
    const [header, line] = (await readFile(output, "utf8")).trim().split("\n");
    expect(header).toBe("line,prediction");
    const [n, y] = line.split(",").map(Number);
    expect(n).toBe(2);
    expect(relClose(y, oracle.predict(row))).toBe(true);
  });

  it("exits 1 when every row fails under --on-error skip, printing each skipped line", async () => {
    const input = join(dir, "bad.jsonl");
    await writeFile(input, '["x", 1, 2]\n[1, 2]\n');
    const args = ["score", "--model", modelDir, "--input", input, "--output", join(dir, "bad-out.jsonl")];
    const r = await runCli([...args, "--on-error", "skip"], { cwd, env });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('mlops score: skipped line 1: column x1: the string "x" is not a number');
    expect(r.stderr).toContain("mlops score: skipped line 2: 2 values, the model takes 3 (x1, x2, x3)");
    expect(r.stderr).toContain("scored 0 rows, skipped 2");
  });

  it("refuses bad flags naming them, before loading any model", async () => {
    const previous = process.env.MLOPS_HOME;
    process.env.MLOPS_HOME = home;
    try {
      const input = join(dir, "bad.jsonl");
      const args = ["--model", modelDir, "--input", input, "--output", join(dir, "bad-out.jsonl")];
      await expect(command.run([...args, "--on-error", "ignore"])).rejects.toThrow(
        "--on-error must be skip or fail, got 'ignore'",
      );
      await expect(command.run([...args, "--format", "xml"])).rejects.toThrow("--format must be one of csv, jsonl");
      const noExt = ["--model", modelDir, "--input", join(dir, "data.txt"), "--output", join(dir, "o")];
      await expect(command.run(noExt)).rejects.toThrow("pass --format csv or --format jsonl");
      await expect(
        command.run(["--model", "models:/nope/1", "--input", input, "--output", join(dir, "o")]),
      ).rejects.toThrow("models:/nope/1");
    } finally {
      if (previous === undefined) delete process.env.MLOPS_HOME;
      else process.env.MLOPS_HOME = previous;
    }
  });
});
