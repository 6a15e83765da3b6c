import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderPng } from "../../../mlops/charts/index.js";
import { defineModel } from "../../../mlops/contract/index.js";
import { readCsvFrame } from "../../../mlops/data/index.js";
import { Problems, UsageError } from "../../../mlops/errors/index.js";
import { TASK_METRICS } from "../../../mlops/metrics/index.js";
import { loadModel } from "../../../mlops/model-format/index.js";
import {
  checkTrainOptions,
  splitInMemory,
  type TrainMetricsFile,
  trainOnSplit,
  trainStep,
} from "../../../mlops/steps/index.js";
import { darkPixels, decodePng } from "../charts/decode-png.js";
import { centroidBinary, FIXTURES, leastSquares } from "../fixtures/index.js";

/** The regression fixture's test rows' targets (test size 0.25, random state 0), as the train step splits them. */
async function loadTest() {
  const frame = await readCsvFrame(DATA, [...leastSquares.signature.inputs, leastSquares.signature.target]);
  return splitInMemory(frame, leastSquares.signature.inputs, 0.25, 0).test.y;
}

const DATA = FIXTURES.regression.data;

describe("trainStep", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "train-step-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const base = { model: leastSquares, dataFile: DATA, testSize: 0.25, randomState: 0 };

  it("writes metrics.json (the task's metrics, the params, what the model learned), the model folder and the plot", async () => {
    const out = join(dir, "run1");

    const result = await trainStep({
      ...base,
      params: { shrink: 2 },
      outputDir: out,
      runId: "r1",
      modelName: "m",
      buildId: "b7",
    });

    expect((await readdir(out)).sort()).toEqual(["metrics.json", "model", "plots"]);
    expect(result.plots).toEqual(["plots/predicted-vs-actual.png", "plots/residuals.png"]);
    expect(await readdir(join(out, "plots"))).toEqual(["predicted-vs-actual.png", "residuals.png"]);
    const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8")) as TrainMetricsFile;
    expect(metrics).toEqual(JSON.parse(JSON.stringify(result.metrics)));
    for (const { name } of TASK_METRICS.regression) expect(typeof metrics[name], name).toBe("number");
    expect([metrics.n_train, metrics.n_test, metrics.task, metrics.model_type]).toEqual([
      60,
      20,
      "regression",
      "least_squares",
    ]);
    expect(metrics.params).toEqual({
      shrink: 2,
      test_size: 0.25,
      random_state: 0,
      features: ["x1", "x2", "x3"],
      target: "y",
    });
    expect(Object.keys(metrics.model ?? {})).toEqual(["weights", "bias"]);
    expect(metrics.data.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect([metrics.run_id, metrics.model_name, metrics.build_id]).toEqual(["r1", "m", "b7"]);
    const loaded = await loadModel(join(out, "model"), leastSquares);
    expect(loaded.info.hyperparameters).toEqual({ shrink: 2 });
    expect(loaded.mlmodel.run_id).toBe("r1");
    for (const plot of result.plots)
      expect(darkPixels(decodePng(await readFile(join(out, plot)))), plot).toBeGreaterThan(1000);
  });

  it("trains a classifier with a string column: the multiclass metrics, ROC and confusion matrix", async () => {
    const out = join(dir, "classes");

    const { metrics } = await trainStep({
      ...base,
      model: FIXTURES.multiclass.model,
      dataFile: FIXTURES.multiclass.data,
      outputDir: out,
    });

    expect(Object.keys(metrics).filter((k) => typeof metrics[k] === "number" && !k.startsWith("n_"))).toEqual(
      TASK_METRICS.multiclass.map((m) => m.name),
    );
    expect(metrics.accuracy).toBeGreaterThan(0.9);
    expect(metrics.params).toMatchObject({ temperature: 1, target: "kind" });
    expect(await readdir(out)).toEqual(["metrics.json", "model", "plots"]);
    expect(await readdir(join(out, "plots"))).toEqual(["confusion-matrix.png", "roc.png"]);
  });

  it("a binary classifier's folder holds its ROC curve and confusion matrix, text drawn", async () => {
    const out = join(dir, "binary");

    const result = await trainStep({ ...base, model: centroidBinary, dataFile: FIXTURES.binary.data, outputDir: out });

    expect(result.plots).toEqual(["plots/confusion-matrix.png", "plots/roc.png"]);
    for (const plot of result.plots) {
      const png = decodePng(await readFile(join(out, plot)));
      // The title band at the top holds dark text pixels: the title is drawn, not left blank.
      expect(darkPixels(png, { x0: 0, y0: 0, x1: png.width, y1: 40 }), plot).toBeGreaterThan(100);
    }
    expect(result.metrics.roc_auc).toBeGreaterThan(0.5);
    expect(result.metrics.roc_auc).toBeLessThan(1); // overlapping kinds: the curve has something to show
  });

  it("draws the model's own charts beside the task's; the model's name for a default replaces it", async () => {
    const out = join(dir, "own-charts");
    const scatter = (title: string, values: Float64Array) => ({
      title,
      data: { values: Array.from(values, (v, i) => ({ i, v })) },
      mark: "point",
      encoding: { x: { field: "i", type: "quantitative" }, y: { field: "v", type: "quantitative" } },
    });
    const model = defineModel({
      ...leastSquares,
      charts: (actual, prediction, x, fitted) => {
        expect([actual.length, x.rows, Object.keys(fitted)]).toEqual([20, 20, ["inputs", "weights", "bias"]]);
        return {
          "prediction-by-row": scatter("Prediction by row", (prediction as { values: Float64Array }).values),
          residuals: scatter("The model's residuals", actual as Float64Array),
        };
      },
    });

    const result = await trainStep({ ...base, model, outputDir: out });

    expect(result.plots).toEqual([
      "plots/predicted-vs-actual.png",
      "plots/prediction-by-row.png",
      "plots/residuals.png",
    ]);
    const own = await renderPng(scatter("The model's residuals", (await loadTest()) as Float64Array));
    expect(Buffer.from(own).equals(await readFile(join(out, "plots/residuals.png")))).toBe(true);
  });

  it("charts: false writes no plots/ and never asks the model for its charts", async () => {
    const out = join(dir, "no-charts");
    const model = defineModel({
      ...leastSquares,
      charts: () => {
        throw new Error("charts() was called");
      },
    });

    const result = await trainStep({ ...base, model, outputDir: out, charts: false });

    expect(result.plots).toEqual([]);
    expect(await readdir(out)).toEqual(["metrics.json", "model"]);
  });

  it("refuses a model's chart with a bad name, naming it, and writes nothing", async () => {
    const out = join(dir, "bad-chart");
    const model = defineModel({ ...leastSquares, charts: () => ({ "Feature Importance": {} }) });

    await expect(trainStep({ ...base, model, outputDir: out })).rejects.toThrow(
      'model least_squares: the model\'s chart name "Feature Importance" must be kebab-case',
    );
    await expect(readdir(out)).rejects.toThrow("ENOENT");
  });

  it("fails with the chart worker's error, naming the chart, and writes nothing", async () => {
    const out = join(dir, "worker-error");
    // Drawn in the worker thread (mlops/charts/drawer.ts): its failure must become the step's error.
    const model = defineModel({ ...leastSquares, charts: () => ({ "not-a-chart": { layer: 5 } }) });

    await expect(trainStep({ ...base, model, outputDir: out })).rejects.toThrow(
      /^chart not-a-chart: not a Vega-Lite spec vega-lite [\d.]+ can compile \(spec\.layer\.map is not a function\)/,
    );
    await expect(readdir(out)).rejects.toThrow("ENOENT");
  });

  it("replaces a train output folder of an earlier version (its predictions_vs_actual.png)", async () => {
    const out = join(dir, "earlier");
    await mkdir(out);
    await writeFile(join(out, "predictions_vs_actual.png"), "old");

    await trainStep({ ...base, outputDir: out });

    expect(await readdir(out)).toEqual(["metrics.json", "model", "plots"]);
  });

  it("generates a run id when none is given and replaces its own previous output", async () => {
    const out = join(dir, "run2");
    await trainStep({ ...base, outputDir: out });

    const again = await trainStep({ ...base, features: ["x2"], outputDir: out });

    expect(again.runId).toMatch(/^[0-9a-f]{32}$/);
    const metrics = JSON.parse(await readFile(join(out, "metrics.json"), "utf8")) as TrainMetricsFile;
    expect(metrics.params.features).toEqual(["x2"]);
    expect((await loadModel(join(out, "model"), leastSquares)).info.signature.inputs.map((c) => c.name)).toEqual([
      "x2",
    ]);
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
    const frame = await readCsvFrame(DATA, [...leastSquares.signature.inputs, leastSquares.signature.target]);
    const split = splitInMemory(frame, leastSquares.signature.inputs, 0.2, 0);
    const facts = { data: { file: DATA, sha256: "0", rows: 80 }, testSize: 0.2, randomState: 0 };

    const attempt = trainOnSplit(split, { model: leastSquares, outputDir: out }, facts);

    await expect(attempt).rejects.toThrow(/output dir .*mine2 is not a train output/);
    expect(await readdir(out)).toEqual(["notes.txt"]);
  });

  it("writes nothing when the fit fails, naming the model", async () => {
    const csv = join(dir, "collinear.csv");
    const rows = Array.from({ length: 20 }, (_, i) => `${i},${2 * i},1,${i % 3}`);
    await writeFile(csv, `x1,x2,x3,y\n${rows.join("\n")}\n`);
    const out = join(dir, "never");

    const attempt = trainStep({ ...base, params: { shrink: 0 }, dataFile: csv, outputDir: out });

    await expect(attempt).rejects.toThrow(/model least_squares: singular normal equations/);
    expect((await readdir(dir)).filter((name) => name.includes("never"))).toEqual([]);
  });
});

describe("checkTrainOptions", () => {
  it("collects every problem at once: hyperparameters against their declared ranges, split, columns", async () => {
    const problems = new Problems();

    await checkTrainOptions(
      {
        model: leastSquares,
        dataFile: DATA,
        params: { shrink: -1, depth: 3 },
        testSize: 80,
        randomState: 2 ** 32,
        features: ["x1", "x9", "x1"],
      },
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
    expect(parts).toEqual([
      "hyperparameter shrink must be a number in 0..100, got -1",
      "unknown hyperparameter depth: model least_squares declares shrink (a number in 0..100)",
      "random state must be an integer in 0..4294967295 (numpy's seed range), got 4294967296",
      expect.stringMatching(/^features x9, x1: not inputs of the model \(model least_squares reads x1, x2, x3\)/),
      "test size 80 must be a count below the 80 rows (or a fraction in (0, 1))",
    ]);
  });

  it("names a missing data file", async () => {
    const problems = new Problems();

    await checkTrainOptions({ model: leastSquares, dataFile: "nowhere.csv" }, problems);

    expect(() => problems.throwIfAny()).toThrow(/nowhere\.csv: data file not found/);
  });
});
