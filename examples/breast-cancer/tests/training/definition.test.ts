import { describe, expect, it } from "vitest";
import { type Frame, rowOf, takeRows } from "../../mlops/contract/index.js";
import { FEATURES, model } from "../../training/index.js";
import { frame, split } from "./helpers.js";

describe("the example model's contract", () => {
  it("declares a binary random forest on the 30 measurements (doubles), the diagnosis a string", () => {
    expect([model.name, model.task]).toEqual(["random_forest", "binary"]);
    expect(model.signature.inputs).toEqual(FEATURES.map((name) => ({ name, type: "double" })));
    expect(model.signature.target).toEqual({ name: "diagnosis", type: "string" });
    expect(model.onnx).toBeUndefined();
  });

  it("declares n_estimators, max_features and seed with the knob values as defaults", () => {
    expect(model.hyperparameters).toEqual({
      n_estimators: expect.objectContaining({ type: "integer", default: 100, min: 1 }),
      max_features: expect.objectContaining({ type: "number", default: 0.5, min: 0, exclusiveMin: true, max: 1 }),
      seed: expect.objectContaining({ type: "integer", default: 0, min: 0 }),
    });
  });

  it("smoke-tests with rows 0 (malignant) and 19 (benign) of the data, and tells them apart", () => {
    expect(model.smokeRows).toEqual([rowOf(frame, 0).slice(0, 30), rowOf(frame, 19).slice(0, 30)]);
    expect([frame.values[30][0], frame.values[30][19]]).toEqual(["malignant", "benign"]);
    const fitted = model.fit(split.train.x, split.train.y, { n_estimators: 10, max_features: 0.5, seed: 0 });
    const rows = takeRows(split.train.x, [0]);
    const x: Frame = {
      ...rows,
      rows: 2,
      values: rows.values.map((_, j) =>
        Float64Array.from([model.smokeRows?.[0][j], model.smokeRows?.[1][j]] as number[]),
      ),
    };
    const p = model.predict(fitted, x) as { classes: string[]; probabilities: Float64Array };
    expect(p.classes).toEqual(["benign", "malignant"]);
    expect(p.probabilities[1]).toBeGreaterThan(0.5);
    expect(p.probabilities[3]).toBeLessThan(0.5);
  });

  it("reads the columns by name: a frame in another column order gets the same answer", () => {
    const fitted = model.fit(split.train.x, split.train.y, { n_estimators: 5, max_features: 0.5, seed: 3 });
    const x = split.test.x;
    const reversed: Frame = { ...x, columns: [...x.columns].reverse(), values: [...x.values].reverse() };
    expect(model.predict(fitted, reversed)).toEqual(model.predict(fitted, x));
  });

  it("refuses training rows of one class, naming it", () => {
    const benign = (split.train.y as string[]).flatMap((l, i) => (l === "benign" ? [i] : []));
    const x = takeRows(split.train.x, benign);
    expect(() =>
      model.fit(
        x,
        benign.map(() => "benign"),
        { n_estimators: 2, max_features: 0.5, seed: 0 },
      ),
    ).toThrow("one class only (benign)");
  });
});
