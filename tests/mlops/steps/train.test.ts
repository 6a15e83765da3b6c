import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Problems, UsageError } from "../../../mlops/errors/index.js";
import { loadModel } from "../../../mlops/model-format/index.js";
import { checkTrainOptions, type TrainMetricsFile, trainOnSplit, trainStep } from "../../../mlops/steps/index.js";
import { loadCsv, splitData } from "../../../training/index.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const DATA = join(ROOT, "data", "diabetes.csv");
const expected = JSON.parse(
  await readFile(join(ROOT, "tests", "training", "fixtures", "reference", "expected.json"), "utf8"),
).cases[0];
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("trainStep", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "train-step-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const base = { dataFile: DATA, alpha: 0.5, testSize: 0.2, randomState: 0 };

  it("writes metrics.json, an MLflow model folder and the scatter plot", async () => {
    const out = join(dir, "run1");

    const result = await trainStep({ ...base, outputDir: out, runId: "r1", modelName: "m", buildId: "b7" });

    expect((await readdir(out)).sort()).toEqual(["metrics.json", "model", "predictions_vs_actual.png"]);
    const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8")) as TrainMetricsFile;
    expect(metrics).toEqual(JSON.parse(JSON.stringify(result.metrics)));
    expect(rel(metrics.mse, expected.mse)).toBeLessThanOrEqual(1e-12);
    expect(rel(metrics.r2, expected.r2)).toBeLessThanOrEqual(1e-12);
    expect([metrics.n_train, metrics.n_test, metrics.rmse]).toEqual([353, 89, Math.sqrt(metrics.mse)]);
    expect(metrics.mae).toBeGreaterThan(0);
    expect(metrics.model.coefficients.BMI).toBe(result.model.coefficients[2]);
    expect(metrics.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([metrics.run_id, metrics.model_name, metrics.build_id]).toEqual(["r1", "m", "b7"]);
    const loaded = await loadModel(join(out, "model"));
    expect(loaded.model).toEqual(result.model);
    expect(loaded.mlmodel.run_id).toBe("r1");
    const png = await readFile(join(out, "predictions_vs_actual.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("generates a run id when none is given and replaces its own previous output", async () => {
    const out = join(dir, "run2");
    await trainStep({ ...base, outputDir: out });

    const again = await trainStep({ ...base, alpha: 0, features: ["BMI"], outputDir: out });

    expect(again.runId).toMatch(/^[0-9a-f]{32}$/);
    const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8")) as TrainMetricsFile;
    expect(metrics.params.features).toEqual(["BMI"]);
    expect((await loadModel(join(out, "model"))).model.featureNames).toEqual(["BMI"]);
  });

  it("refuses a folder holding other files and leaves it untouched", async () => {
    const out = join(dir, "mine");
    await mkdir(out);
    await writeFile(join(out, "notes.txt"), "keep me");

    await expect(trainStep({ ...base, outputDir: out })).rejects.toThrow(/output dir .*mine is not a train output/);
    expect(await readdir(out)).toEqual(["notes.txt"]);
  });

  it("trainOnSplit also refuses a folder holding other files", async () => {
    const out = join(dir, "mine2");
    await mkdir(out);
    await writeFile(join(out, "notes.txt"), "keep me");
    const split = splitData(await loadCsv(DATA));

    const attempt = trainOnSplit(split, { ...base, outputDir: out }, { file: DATA, sha256: "0", rows: 442 });

    await expect(attempt).rejects.toThrow(/output dir .*mine2 is not a train output/);
    expect(await readdir(out)).toEqual(["notes.txt"]);
  });

  it("writes nothing when the fit fails (singular system at alpha 0)", async () => {
    const csv = join(dir, "collinear.csv");
    await writeFile(csv, `A,B,Y\n${Array.from({ length: 20 }, (_, i) => `${i},${2 * i},${i % 3}`).join("\n")}\n`);
    const out = join(dir, "never");

    const attempt = trainStep({ ...base, dataFile: csv, alpha: 0, features: ["A", "B"], target: "Y", outputDir: out });

    await expect(attempt).rejects.toThrow(/singular at feature B/);
    expect((await readdir(dir)).filter((name) => name.includes("never"))).toEqual([]);
  });
});

describe("checkTrainOptions", () => {
  it("collects every problem at once", async () => {
    const problems = new Problems();

    await checkTrainOptions(
      { dataFile: DATA, alpha: -1, testSize: 442, randomState: 2 ** 32, features: ["BMI", "WEIGHT", "BMI"] },
      problems,
    );

    const error = (() => {
      try {
        problems.throwIfAny();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(UsageError);
    const parts = error?.message.split("; ") ?? [];
    expect(parts).toHaveLength(5);
    expect(parts[0]).toMatch(/alpha must be a number ≥ 0.*got -1/);
    expect(parts[1]).toMatch(/random state must be an integer in 0\.\.4294967295.*got 4294967296/);
    expect(parts[2]).toMatch(/feature BMI is listed twice/);
    expect(parts[3]).toMatch(/unknown column WEIGHT: .*diabetes\.csv has AGE,SEX/);
    expect(parts[4]).toMatch(/test size 442 must be a count below the 442 rows/);
  });

  it("names a missing data file", async () => {
    const problems = new Problems();

    const table = await checkTrainOptions({ dataFile: "nowhere.csv", alpha: 1 }, problems);

    expect(table).toBeUndefined();
    expect(() => problems.throwIfAny()).toThrow(/nowhere\.csv: data file not found/);
  });
});
