// A local sweep end to end on the machinery's fixtures: trials trained in worker processes on the prep split, each
// the same train an in-process train step does, ranked on the validation rows; sweep.json, table.md and the charts
// written; the same seed gives the same trials and winner; failed trials are kept with their errors.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepDataStep, trainFromPrepStep } from "../../../mlops/steps/index.js";
import { runSweep, type SweepOptions, type SweepRecord } from "../../../mlops/sweep/index.js";
import { darkPixels, decodePng } from "../charts/decode-png.js";
import { FIXTURES, tempRoot } from "../fixtures/index.js";

const { root, cleanup } = tempRoot("mlops-sweep-");
afterAll(cleanup);
const FIXTURE_MODELS = join(import.meta.dirname, "..", "fixtures", "models");
const regression = { module: join(FIXTURE_MODELS, "least-squares.ts"), export: "leastSquares" };
let n = 0;

async function prep(kind: "regression" | "multiclass"): Promise<string> {
  const dir = join(root, `prep-${kind}`);
  if (!existsSync(dir)) {
    const f = FIXTURES[kind];
    await prepDataStep({
      dataFile: f.data,
      outputDir: dir,
      testSize: 0.25,
      randomState: 0,
      features: [],
      model: f.model,
    });
  }
  return dir;
}

function sweep(options: Partial<SweepOptions> & Pick<SweepOptions, "prepDir">): Promise<SweepRecord> {
  return runSweep({
    outputDir: join(root, `sweep-${n++}`),
    space: FIXTURES.regression.model.searchSpace ?? {},
    sampling: "grid",
    maxTrials: 20,
    seed: 0,
    baseParams: { shrink: 0.1 },
    validationSize: 0.25,
    metric: "mse",
    direction: "lower",
    workers: 2,
    model: regression,
    charts: false,
    ...options,
  });
}

describe("a grid sweep of the regression fixture", () => {
  let record: SweepRecord;
  let dir: string;
  const lines: string[] = [];
  beforeAll(async () => {
    dir = join(root, "grid");
    record = await sweep({
      prepDir: await prep("regression"),
      outputDir: dir,
      charts: true,
      onTrial: (l) => lines.push(l),
    });
  }, 60_000);

  it("trains every trial of the space and picks the lowest validation mse", () => {
    expect(record.trials.map((t) => t.params.shrink)).toEqual([0.01, 0.1, 1, 3, 10, 100]);
    expect(record.trials.every((t) => t.status === "completed")).toBe(true);
    const values = record.trials.map((t) => t.value as number);
    expect(record.best.value).toBe(Math.min(...values));
    expect(record.best.params).toEqual({ shrink: record.trials[record.best.trial - 1].params.shrink });
    expect(record.metric).toBe("validation_mse");
    expect(new Set(values).size).toBe(6); // each trial its own fit
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith("trial 4/6 shrink=3 → validation_mse "))).toBeDefined();
  });

  it("a trial is the train step: the same fit, metrics and validation split as in-process", async () => {
    const best = record.trials[record.best.trial - 1];
    const again = await trainFromPrepStep({
      prepDir: await prep("regression"),
      outputDir: join(root, "again"),
      params: { shrink: best.params.shrink },
      validationSize: 0.25,
      model: FIXTURES.regression.model,
      charts: false,
    });
    const { run_id: _, ...theirs } = JSON.parse(readFileSync(join(dir, best.output, "metrics.json"), "utf8"));
    const { run_id: __, ...ours } = again.metrics;
    expect(theirs).toEqual(JSON.parse(JSON.stringify(ours)));
    expect(theirs.n_validation).toBe(15); // 60 training rows of 80, a quarter carved off
    expect(theirs.params.validation_size).toBe(0.25);
  });

  it("writes sweep.json, the table (best marked) and a chart per swept hyperparameter", () => {
    expect(JSON.parse(readFileSync(join(dir, "sweep.json"), "utf8"))).toEqual(record);
    const table = readFileSync(join(dir, "table.md"), "utf8").split("\n");
    expect(table[0]).toBe("| trial | shrink | validation_mse | seconds | status |");
    expect(table[1 + record.best.trial]).toMatch(new RegExp(`^\\| ${record.best.trial} ★ \\| `));
    expect(table.filter((l) => l.includes("★"))).toHaveLength(1);
    expect(record.plots).toEqual(["plots/validation-mse-vs-shrink.png"]);
    const png = decodePng(readFileSync(join(dir, record.plots[0])));
    expect(darkPixels(png)).toBeGreaterThan(1000);
    for (const t of record.trials) expect(existsSync(join(dir, t.output, "model", "MLmodel"))).toBe(true);
  });
});

describe("random sampling", () => {
  it("same seed, same space → same trials, same values, same winner (one worker or two)", async () => {
    const prepDir = await prep("multiclass");
    const options = {
      prepDir,
      space: FIXTURES.multiclass.model.searchSpace ?? {},
      sampling: "random" as const,
      maxTrials: 4,
      seed: 11,
      baseParams: { temperature: 1 },
      metric: "log_loss",
      direction: "lower" as const,
      model: { module: join(FIXTURE_MODELS, "centroid.ts"), export: "centroid" },
    };
    const [a, b] = [await sweep({ ...options, workers: 2 }), await sweep({ ...options, workers: 1 })];
    const strip = (r: SweepRecord) => r.trials.map(({ trial, params, value }) => ({ trial, params, value }));
    expect(strip(b)).toEqual(strip(a));
    expect(b.best).toEqual(a.best);
    expect(new Set(a.trials.map((t) => t.params.temperature)).size).toBe(4);
    for (const t of a.trials) expect(t.params.temperature).toBeGreaterThanOrEqual(0.1);
  }, 60_000);
});

describe("failures", () => {
  it("keeps a failed trial with its error and ranks the others", async () => {
    const record = await sweep({
      prepDir: await prep("regression"),
      model: { module: join(import.meta.dirname, "picky-model.ts"), export: "picky" },
    });
    expect(record.trials.map((t) => t.status)).toEqual([
      "completed",
      "completed",
      "completed",
      "completed",
      "failed",
      "failed",
    ]);
    expect(record.trials[4].error).toBe("model picky_least_squares: shrink 10 is too strong for me");
    expect(record.best.trial).toBeLessThanOrEqual(4);
  }, 60_000);

  it("a worker that dies fails its trial; the other worker runs the rest", async () => {
    const record = await sweep({
      prepDir: await prep("regression"),
      model: { module: join(import.meta.dirname, "picky-model.ts"), export: "doomed" },
    });
    expect(record.trials[3]).toMatchObject({ status: "failed", error: "the sweep worker died (code 3)" });
    expect(record.trials.filter((t) => t.status === "completed")).toHaveLength(5);
  }, 60_000);

  it("fails naming the metric when the trials do not have it", async () => {
    await expect(sweep({ prepDir: await prep("regression"), metric: "accuracy", maxTrials: 1 })).rejects.toThrow(
      /trial 1's metrics have no numeric validation_accuracy \(they have mse, .*\); fix EVALUATION_METRIC/,
    );
  }, 60_000);
});
