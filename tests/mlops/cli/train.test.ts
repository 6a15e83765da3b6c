import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const run = promisify(execFile);

/** Runs `mlops train` as users do (a separate process), returning the exit code and output. */
async function train(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "mlops/cli/main.ts", "train", ...args], {
      cwd: ROOT,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.concurrent("mlops train", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "train-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const common = ["--data", "data/diabetes.csv", "--test-size", "0.2", "--random-state", "0"];

  it("reproduces the tutorial's numbers: all features at alpha 0.5, and BMI alone at alpha 0", async () => {
    const [all, bmi] = await Promise.all([
      train([...common, "--alpha", "0.5", "--output-dir", join(dir, "all")]),
      train([...common, "--features", "BMI", "--alpha", "0", "--output-dir", join(dir, "bmi")]),
    ]);

    expect(all.code, all.stderr).toBe(0);
    expect(bmi.code, bmi.stderr).toBe(0);
    const m1 = JSON.parse(await readFile(join(dir, "all", "metrics.json"), "utf8"));
    const m2 = JSON.parse(await readFile(join(dir, "bmi", "metrics.json"), "utf8"));
    expect(rel(m1.mse, 3298.909605807062)).toBeLessThanOrEqual(1e-12);
    expect(rel(m1.r2, 0.3566777399749588)).toBeLessThanOrEqual(1e-12);
    expect(rel(m2.mse, 4150.680189329983)).toBeLessThanOrEqual(1e-12);
    expect(rel(m2.r2, 0.19057346847560164)).toBeLessThanOrEqual(1e-12);
    expect((await readdir(join(dir, "bmi", "model"))).includes("MLmodel")).toBe(true);
    expect(all.stdout).toMatch(/^train: ridge alpha 0\.5 on 353 rows, tested on 89: mse 3298\.90960580706/);
  });

  it("rejects bad values with one line naming every problem, writing nothing", async () => {
    const out = join(dir, "bad");

    const result = await train([
      ...["--data", "data/diabetes.csv", "--alpha", "-1", "--test-size", "442", "--random-state", "x"],
      ...["--features", "AGE,FOO", "--output-dir", out],
    ]);

    expect(result.code).not.toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mlops train: /);
    for (const part of [
      /--random-state must be an integer, got 'x'/,
      /alpha must be a number ≥ 0 \(0 = ordinary least squares\), got -1/,
      /unknown column FOO: data\/diabetes\.csv has AGE,SEX,BMI/,
      /test size 442 must be a count below the 442 rows/,
    ]) {
      expect(lines[0]).toMatch(part);
    }
    expect(await readdir(dir)).not.toContain("bad");
  });

  it("rejects an unknown flag", async () => {
    const result = await train([...common, "--alpha", "1", "--output-dir", join(dir, "x"), "--learning-rate", "3"]);

    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Unknown option '--learning-rate'/);
  });
});
