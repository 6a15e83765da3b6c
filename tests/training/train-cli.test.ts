import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, runCli } from "../mlops/pipeline/cli.js";
import { REFERENCE, readJson, relErr } from "./helpers.js";

const reference = readJson<{ cases: { alpha: number | null; mse: number; r2: number; features: number[] | null }[] }>(
  `${REFERENCE}/expected.json`,
);

// The sample through `mlops train`, as a user runs it: scikit-learn's numbers for the tutorial's two fits.
describe("mlops train on the sample", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "train-sample-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // 60 s: two train processes, each drawing its charts (about a second of CPU more per process).
  it("reproduces the tutorial's numbers: all features at alpha 0.5, and BMI alone at alpha 0", async () => {
    const env = cleanEnv();
    const [all, bmi] = await Promise.all([
      runCli(["train", "--alpha", "0.5", "--output-dir", join(dir, "all")], { env }),
      runCli(["train", "--features", "BMI", "--alpha", "0", "--output-dir", join(dir, "bmi")], { env }),
    ]);

    expect(all.code, all.stderr).toBe(0);
    expect(bmi.code, bmi.stderr).toBe(0);
    const m1 = JSON.parse(await readFile(join(dir, "all", "metrics.json"), "utf8"));
    const m2 = JSON.parse(await readFile(join(dir, "bmi", "metrics.json"), "utf8"));
    const [ridge, ols] = [reference.cases[0], reference.cases[1]];
    expect(relErr(m1.mse, ridge.mse)).toBeLessThanOrEqual(1e-12);
    expect(relErr(m1.r2, ridge.r2)).toBeLessThanOrEqual(1e-12);
    expect(relErr(m2.mse, ols.mse)).toBeLessThanOrEqual(1e-12);
    expect(relErr(m2.r2, ols.r2)).toBeLessThanOrEqual(1e-12);
    expect(all.stdout).toMatch(/^train: ridge \(alpha 0\.5\) on 353 rows, tested on 89: mse 3298\.90960580706/);
  }, 60_000);
});
