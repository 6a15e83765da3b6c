import { describe, expect, it } from "vitest";
import { predictionsOf } from "../../../mlops/smoke/index.js";

describe("predictionsOf", () => {
  it("reads every answer shape a scoring service gives", () => {
    expect(predictionsOf({ result: [1.5, 2] })).toEqual([1.5, 2]);
    expect(predictionsOf({ predictions: [1.5, 2] })).toEqual([1.5, 2]);
    expect(predictionsOf([1.5, 2])).toEqual([1.5, 2]);
    expect(predictionsOf([[1.5], [2]])).toEqual([1.5, 2]);
  });

  it("refuses anything that is not a list of numbers", () => {
    expect(predictionsOf([null, null])).toBeUndefined();
    expect(predictionsOf([true, false])).toBeUndefined();
    expect(predictionsOf({ result: ["1.5"] })).toBeUndefined();
    expect(predictionsOf([[1, 2]])).toBeUndefined();
    expect(predictionsOf(null)).toBeUndefined();
    expect(predictionsOf({ error: "bad" })).toBeUndefined();
  });
});
