import { describe, expect, it } from "vitest";
import { readCsvFrame } from "../../mlops/data/index.js";
import { splitInMemory } from "../../mlops/steps/index.js";
import { type LinearModel, modelFromJson, modelToJson, model as ridge, SIGNATURE } from "../../training/index.js";
import { DIABETES_CSV } from "./helpers.js";

const frame = await readCsvFrame(DIABETES_CSV, [...SIGNATURE.inputs, SIGNATURE.target]);
const split = splitInMemory(frame, SIGNATURE.inputs, 0.2, 0);
const model = ridge.fit(split.train.x, split.train.y, { alpha: 0.5 });

describe("model JSON", () => {
  it("round-trips every double exactly and reads as plain JSON", () => {
    const text = modelToJson(model);

    const back = modelFromJson(text, "model.json");

    expect(back).toEqual(model);
    expect(text).toMatch(/^\{\n {2}"type": "ridge",\n/);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text).featureNames).toEqual(["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"]);
  });

  const change = (patch: Record<string, unknown>) => JSON.stringify({ ...model, ...patch });

  it.each([
    ["{", /m\.json: not valid JSON/],
    ["[]", /m\.json: expected a JSON object/],
    [change({ type: "lasso" }), /m\.json: field type must be "ridge", got "lasso"/],
    [change({ alpha: -1 }), /field alpha must be a finite number ≥ 0, got -1/],
    [change({ alpha: "0.5" }), /field alpha must be a finite number/],
    [change({ featureNames: [] }), /field featureNames must be a non-empty array/],
    [change({ featureNames: ["A", "A", "B", "C", "D", "E", "F", "G", "H", "I"] }), /without repeated names/],
    [change({ target: 3 }), /field target must be a non-empty string, got 3/],
    [change({ coefficients: [1, 2] }), /field coefficients must be an array of 10 numbers/],
    [change({ coefficients: [...model.coefficients.slice(1), null] }), /field coefficients must be an array of finite/],
    [change({ intercept: null }), /field intercept must be a finite number, got null/],
    [JSON.stringify({ ...model, intercept: undefined }), /field intercept must be a finite number, got nothing/],
    [change({ extra: 1 }), /m\.json: unknown field extra/],
  ])("rejects %s", (text, message) => {
    expect(() => modelFromJson(text, "m.json")).toThrow(message);
  });

  it("returns a fresh object that does not share arrays with the parsed text", () => {
    const m: LinearModel = modelFromJson(modelToJson(model), "m.json");

    expect(m.coefficients).not.toBe(model.coefficients);
  });
});
