import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Frame, takeRows } from "../../../mlops/contract/index.js";
import { readCsvFrame, trainTestSplitIndices } from "../../../mlops/data/index.js";
import { splitInMemory, type TrainMetricsFile, trainStep } from "../../../mlops/steps/index.js";
import { FIXTURES, leastSquares, tempRoot } from "../fixtures/index.js";

// `validationSize`: a sweep trial's train. The validation rows are carved from the training rows as
// scikit-learn's `train_test_split(X_train, y_train, test_size, random_state)` would, the model is fit on the rest,
// and the test rows are scored as before.

const { root, cleanup } = tempRoot("train-validation-");
afterAll(cleanup);
const base = { model: leastSquares, dataFile: FIXTURES.regression.data, testSize: 0.25, randomState: 0, charts: false };

/** The mean squared error of the fixture model fit on `fit`, on `rows`, computed here from the model's own predict. */
function mse(fit: { x: Frame; y: Float64Array }, rows: { x: Frame; y: Float64Array }): number {
  const fitted = leastSquares.fit(fit.x, fit.y, { shrink: 0.1 }); // the declared default;
  const values = (leastSquares.predict(fitted, rows.x) as { values: Float64Array }).values;
  let sum = 0;
  for (let i = 0; i < rows.y.length; i++) sum += (values[i] - rows.y[i]) ** 2;
  return sum / rows.y.length;
}

describe("train step with a validation split", () => {
  it("fits on the training rows minus the carved ones and scores both the validation and the test rows", async () => {
    const result = await trainStep({ ...base, validationSize: 0.25, outputDir: join(root, "a") });
    const metrics = JSON.parse(await readFile(join(root, "a", "metrics.json"), "utf8")) as TrainMetricsFile;
    expect(metrics).toEqual(JSON.parse(JSON.stringify(result.metrics)));
    expect([metrics.n_train, metrics.n_validation, metrics.n_test]).toEqual([45, 15, 20]); // 80 rows: 60 → 45 + 15
    expect(metrics.params.validation_size).toBe(0.25);

    const frame = await readCsvFrame(base.dataFile, [...leastSquares.signature.inputs, leastSquares.signature.target]);
    const split = splitInMemory(frame, leastSquares.signature.inputs, 0.25, 0);
    const { train: fitIdx, test: valIdx } = trainTestSplitIndices(60, 0.25, 0);
    const y = split.train.y as Float64Array;
    const pick = (idx: Uint32Array) => ({ x: takeRows(split.train.x, idx), y: Float64Array.from(idx, (i) => y[i]) });
    const fit = pick(fitIdx);
    expect(metrics.validation_mse).toBe(mse(fit, pick(valIdx)));
    expect(metrics.mse).toBe(mse(fit, { x: split.test.x, y: split.test.y as Float64Array }));
    // Every metric has its validation twin.
    for (const key of ["rmse", "mae", "r2"]) expect(typeof metrics[`validation_${key}`], key).toBe("number");
  });

  it("leaves metrics.json as it was without one", async () => {
    const result = await trainStep({ ...base, outputDir: join(root, "b") });
    expect(result.metrics.n_train).toBe(60);
    expect(Object.keys(result.metrics).filter((k) => k.includes("validation"))).toEqual([]);
    expect("validation_size" in result.metrics.params).toBe(false);
  });

  it("refuses a validation size that is no share or count, or leaves no rows to fit", async () => {
    await expect(trainStep({ ...base, validationSize: 1.5, outputDir: join(root, "c") })).rejects.toThrow(
      /validation size must be a fraction in \(0, 1\) or a whole count of rows ≥ 1, got 1.5/,
    );
    await expect(trainStep({ ...base, validationSize: 60, outputDir: join(root, "d") })).rejects.toThrow(
      /test size 60 must be a count below the 60 rows/,
    );
  });
});
