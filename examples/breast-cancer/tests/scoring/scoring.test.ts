import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frameFromRows, type Predictor } from "../../mlops/contract/index.js";
import { ScoringInputError } from "../../mlops/errors/index.js";
import { saveModel } from "../../mlops/model-format/index.js";
import { init, load, run } from "../../scoring/index.js";
import { type Forest, model, SIGNATURE, voteShares } from "../../training/index.js";
import { split } from "../training/helpers.js";

const params = { n_estimators: 12, max_features: 0.5, seed: 0 };
const fitted = model.fit(split.train.x, split.train.y, params) as Forest;
const smoke = model.smokeRows as number[][];
let root: string;
let predictor: Predictor;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "breast-cancer-model-"));
  await saveModel(join(root, "model"), {
    definition: model,
    fitted,
    info: { kind: model.name, task: model.task, signature: SIGNATURE, hyperparameters: params },
    example: frameFromRows(smoke, SIGNATURE.inputs, "example"),
    runId: "scoring-test",
  });
  predictor = await load(join(root, "model"));
  await init(join(root, "model"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("scoring the example model", () => {
  it("loads the folder as a binary predictor with the classes benign, malignant", () => {
    expect(predictor.info.task).toBe("binary");
    expect(predictor.info.classes).toEqual(["benign", "malignant"]);
    expect(predictor.predictMatrix).toBeTypeOf("function");
  });

  it("answers the smoke rows with classes and the forest's vote shares", () => {
    const answer = run(JSON.stringify({ data: smoke }));
    const shares = voteShares(fitted, { rows: 2, cols: 30, data: Float64Array.from(smoke.flat()) });
    expect(answer.result).toEqual(["malignant", "benign"]);
    expect(answer.classes).toEqual(["benign", "malignant"]);
    expect(answer.probabilities).toEqual([Array.from(shares.subarray(0, 2)), Array.from(shares.subarray(2, 4))]);
  });

  it.each([
    ['{"data": [[1, 2]]}', "data[0] has 2 values, expected 30 (mean_radius"],
    [`{"data": [[${Array(29).fill(1)}, "x"]]}`, "data[0][29] (worst_fractal_dimension) must be a finite number"],
  ])("refuses %s naming the problem", (body, message) => {
    expect(() => run(body)).toThrow(ScoringInputError);
    expect(() => run(body)).toThrow(message);
  });
});
