import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command } from "../../../mlops/cli/commands/score.js";
import { registerModel } from "../../../mlops/registry/index.js";
import { expectedPrediction, relClose, seedModelDir } from "../../scoring/seed-model.js";

let fixture: Awaited<ReturnType<typeof seedModelDir>>;
let dir: string;
const home = process.env.MLOPS_HOME;

beforeAll(async () => {
  fixture = await seedModelDir();
  dir = await mkdtemp(join(tmpdir(), "mlops-score-cli-"));
  process.env.MLOPS_HOME = join(dir, ".mlops");
  await registerModel({ name: "diabetes_model", modelDir: fixture.dir });
});
afterAll(async () => {
  if (home === undefined) delete process.env.MLOPS_HOME;
  else process.env.MLOPS_HOME = home;
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe("mlops score (the command)", () => {
  it("scores a CSV with a models:/ URI from the registry", async () => {
    const input = join(dir, "in.csv");
    const output = join(dir, "out.csv");
    const row = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    await writeFile(input, `AGE,SEX,BMI,BP,S1,S2,S3,S4,S5,S6,Y\n${row.join(",")},151\n`);
    expect(await command.run(["--model", "models:/diabetes_model/latest", "--input", input, "--output", output])).toBe(
      0,
    );
    const [header, line] = (await readFile(output, "utf8")).trim().split("\n");
    expect(header).toBe("line,prediction");
    const [n, y] = line.split(",").map(Number);
    expect(n).toBe(2);
    expect(relClose(y, expectedPrediction(fixture.model, row))).toBe(true);
  });

  it("exits 1 when every row fails under --on-error skip; refuses bad flags naming them", async () => {
    const input = join(dir, "bad.jsonl");
    await writeFile(input, '["x"]\n');
    const args = ["--model", fixture.dir, "--input", input, "--output", join(dir, "bad-out.jsonl")];
    expect(await command.run([...args, "--on-error", "skip"])).toBe(1);
    await expect(command.run([...args, "--on-error", "ignore"])).rejects.toThrow(
      "--on-error must be skip or fail, got 'ignore'",
    );
    await expect(command.run([...args, "--format", "xml"])).rejects.toThrow("--format must be one of csv, jsonl");
    const noExt = ["--model", fixture.dir, "--input", join(dir, "data.txt"), "--output", join(dir, "o")];
    await expect(command.run(noExt)).rejects.toThrow("pass --format csv or --format jsonl");
    await expect(
      command.run(["--model", "models:/nope/1", "--input", input, "--output", join(dir, "o")]),
    ).rejects.toThrow("models:/nope/1");
  });
});
