import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScoringInputError } from "../../mlops/errors/index.js";
import { init, load, run } from "../../scoring/index.js";
import type { LinearModel } from "../../training/types.js";
import { expectedPrediction, readExpected, relClose, seedModelDir } from "./seed-model.js";

let fixture: Awaited<ReturnType<typeof seedModelDir>>;
let model: LinearModel;

beforeAll(async () => {
  fixture = await seedModelDir();
  model = fixture.model;
  await init(fixture.dir);
});
afterAll(() => fixture.cleanup());

describe("scoring init/run", () => {
  it("answers the tutorial smoke payload with the scikit-learn values (±1e-9 rel)", async () => {
    const expected = await readExpected();
    const { result } = run(JSON.stringify({ data: expected.smoke_input }), {});
    expect(result).toHaveLength(expected.smoke_result.length);
    for (const [i, y] of result.entries()) {
      expect(relClose(y as number, expected.smoke_result[i]), `${y} vs ${expected.smoke_result[i]}`).toBe(true);
    }
  });

  it("loads the folder as a predictor with the model's signature, its example and a numeric fast path", async () => {
    const predictor = await load(fixture.dir);
    expect(predictor.info.signature.inputs.map((c) => c.name)).toEqual(model.featureNames);
    expect(predictor.info.signature.target).toEqual({ name: "Y", type: "double" });
    expect(predictor.example).toEqual((await readExpected()).smoke_input);
    expect(predictor.predictMatrix).toBeTypeOf("function");
  });

  it("scores many rows like intercept + Σ coef·x", () => {
    const rows = Array.from({ length: 50 }, (_, i) => Array.from({ length: 10 }, (_, j) => Math.sin(i * 10 + j)));
    const { result } = run(JSON.stringify({ data: rows }));
    for (const [i, row] of rows.entries())
      expect(relClose(result[i] as number, expectedPrediction(model, row), 1e-12)).toBe(true);
  });

  it.each([
    ["not json", "invalid JSON"],
    ["[1,2]", '{"data"'],
    ['{"rows": []}', '{"data"'],
    ['{"data": []}', "data is an empty batch"],
    ['{"data": [1,2,3]}', "data[0] must be an array of 10 values, got 1"],
    ['{"data": [[1,2,3]]}', "data[0] has 3 values, expected 10 (AGE, SEX, BMI"],
    ['{"data": [[1,2,"x",4,5,6,7,8,9,10]]}', 'data[0][2] (BMI) must be a finite number, got the string "x"'],
    ['{"data": [[1,2,"NaN",4,5,6,7,8,9,10]]}', 'data[0][2] (BMI) must be a finite number, got the string "NaN"'],
    ['{"data": [[1,2,3,4,5,6,7,8,9,null]]}', "data[0][9] (S6) must be a finite number, got null"],
    ['{"data": [[1,2,3,4,5,6,7,8,9,1e999]]}', "data[0][9] (S6) must be a finite number, got Infinity"],
    ['{"data": {"AGE": 1}}', "data must be a list of rows"],
    ['{"data": [[1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308,1e308]]}', "data[0]: the prediction overflows"],
  ])("refuses %s with a message naming the problem", (body, message) => {
    expect(() => run(body)).toThrow(ScoringInputError);
    expect(() => run(body)).toThrow(message);
  });
});
