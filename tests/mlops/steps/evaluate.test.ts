import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { registerModel } from "../../../mlops/registry/index.js";
import { type EvaluateStepOptions, evaluateStep } from "../../../mlops/steps/evaluate.js";
import type { FixtureKind } from "../fixtures/index.js";
import { tempRoot, trainOutput } from "./fixtures.js";

const { root, cleanup } = tempRoot("mlops-evaluate-");
afterAll(cleanup);
let homes = 0;

async function setup(prodTags?: Record<string, string>, kind: FixtureKind = "regression") {
  const home = join(root, `home-${homes++}`);
  if (prodTags) {
    const prod = await trainOutput(root, {}, kind);
    await registerModel({ name: "m", modelDir: join(prod, "model"), tags: prodTags, home });
  }
  return home;
}

function options(home: string, trainDir: string, over: Partial<EvaluateStepOptions> = {}): EvaluateStepOptions {
  return {
    trainDir,
    outputDir: join(trainDir, "eval"),
    modelName: "m",
    experimentName: "exp",
    rule: { metric: "mse", direction: "lower", tie: "not_better" },
    allowRunCancel: true,
    home,
    ...over,
  };
}

describe("evaluate step", () => {
  it("registers the first model and writes verdict.json", async () => {
    const home = await setup();
    const train = await trainOutput(root, { mse: 3000 });
    const verdict = await evaluateStep(options(home, train));
    expect(verdict).toMatchObject({ decision: "first_model", action: "register", new_value: 3000 });
    expect(verdict.production_value).toBeNull();
    expect(JSON.parse(readFileSync(join(train, "eval/verdict.json"), "utf8"))).toEqual(verdict);
  });

  it("cancels on a tie by default, naming both values, and registers anyway without ALLOW_RUN_CANCEL", async () => {
    const home = await setup({ mse: "3298.909605807062", experiment_name: "exp" });
    const train = await trainOutput(root, { mse: 3298.909605807062 });
    const tie = await evaluateStep(options(home, train));
    expect(tie).toMatchObject({ decision: "not_better", action: "cancel", production_model: "models:/m/1" });
    expect(tie.reason).toMatch(
      /^not better \(mse 3298.909605807062 new vs 3298.909605807062 production models:\/m\/1;/,
    );
    expect(tie.reason).toMatch(/a tie counts as not better/);
    const anyway = await evaluateStep(options(home, train, { allowRunCancel: false }));
    expect(anyway).toMatchObject({ decision: "not_better", action: "register" });
    const tieBetter = await evaluateStep(
      options(home, train, { rule: { metric: "mse", direction: "lower", tie: "better" } }),
    );
    expect(tieBetter.decision).toBe("better");
  });

  it("follows the direction from the rule", async () => {
    const home = await setup({ mse: "100", r2: "0.5", experiment_name: "exp" });
    const train = await trainOutput(root, { mse: 90, r2: 0.4 });
    expect((await evaluateStep(options(home, train))).decision).toBe("better");
    const r2 = { metric: "r2", direction: "higher", tie: "not_better" } as const;
    expect((await evaluateStep(options(home, train, { rule: r2 }))).decision).toBe("not_better");
  });

  it("takes the latest version of this experiment only", async () => {
    const home = await setup({ mse: "50", experiment_name: "other" });
    const train = await trainOutput(root, { mse: 90 });
    expect((await evaluateStep(options(home, train))).decision).toBe("first_model");
    const pinned = await evaluateStep(options(home, train, { production: "models:/m/1" }));
    expect(pinned).toMatchObject({ decision: "not_better", production_value: 50 });
  });

  it("compares with a train output folder given as the production model", async () => {
    const home = await setup();
    const prod = await trainOutput(root, { mse: 80 });
    const train = await trainOutput(root, { mse: 90 });
    const verdict = await evaluateStep(options(home, train, { production: join(prod, "model") }));
    expect(verdict).toMatchObject({ decision: "not_better", production_value: 80 });
  });

  it("fails explicitly when the production model has no metric tag or metrics.json lacks the metric", async () => {
    const home = await setup({ experiment_name: "exp", BuildId: "7" });
    const train = await trainOutput(root, { mse: 90 });
    await expect(evaluateStep(options(home, train))).rejects.toThrow(
      /production model models:\/m\/1 has no 'mse' tag \(tags: experiment_name, BuildId\)/,
    );
    const noMetric = await trainOutput(root, { rmse: 9 });
    await expect(evaluateStep(options(home, noMetric))).rejects.toThrow(/has no numeric 'mse' \(it has: rmse\)/);
  });

  it("never calls a model better or worse than a production model of another task, target or columns", async () => {
    // Production: the multiclass fixture (nearest_centroid on size, weight, color → kind); new: the regression.
    const home = await setup({ mse: "1", accuracy: "0.9", experiment_name: "exp" }, "multiclass");
    const train = await trainOutput(root, { mse: 0.5 });

    const verdict = await evaluateStep(options(home, train));

    expect(verdict).toMatchObject({ decision: "not_comparable", action: "cancel", production_model: "models:/m/1" });
    expect(verdict.production_value).toBeNull();
    expect(verdict.differences).toEqual([
      "task regression vs multiclass",
      "target y double vs kind string",
      "inputs only in the new model: x1 double, x2 double, x3 double",
      "inputs only in the production model: size double, weight double, color string",
    ]);
    expect(verdict.reason).toMatch(/set EVALUATION_INCOMPARABLE=register to make it production anyway/);
    const replace = await evaluateStep(options(home, train, { incomparable: "register" }));
    expect(replace).toMatchObject({ decision: "not_comparable", action: "register" });
  });

  it("reads the production model's identity from its tags when it has them (a workspace's model has no folder)", async () => {
    const tags = {
      mse: "2",
      experiment_name: "exp",
      "mlops.model_type": "other",
      "mlops.task": "regression",
      "mlops.target": "y double",
      "mlops.inputs": "x1 double, x2 double, x4 double",
    };
    const home = await setup(tags);
    const train = await trainOutput(root, { mse: 1 });

    const verdict = await evaluateStep(options(home, train));

    expect(verdict.differences).toEqual([
      "inputs only in the new model: x3 double",
      "inputs only in the production model: x4 double",
    ]);
  });
});
