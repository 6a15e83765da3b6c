import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepDataStep, readSplit } from "../../../mlops/steps/prep-data.js";
import { loadCsv, splitData } from "../../../training/index.js";
import { tempRoot } from "./fixtures.js";

const { root, cleanup } = tempRoot("mlops-prep-");
afterAll(cleanup);
const DATA = join(import.meta.dirname, "../../../data/diabetes.csv");
const FIXTURES = join(import.meta.dirname, "../../../data/fixtures");

describe("prep-data step", () => {
  it("writes a split that reads back bit-exactly as training's own split", async () => {
    const out = join(root, "prep");
    const record = await prepDataStep({ dataFile: DATA, outputDir: out, testSize: 0.2, randomState: 0 });
    expect([record.rows, record.n_train, record.n_test]).toEqual([442, 353, 89]);
    expect(record.data_sha256).toMatch(/^[0-9a-f]{64}$/);
    const expected = splitData(await loadCsv(DATA), { testSize: 0.2, randomState: 0 });
    const back = await readSplit(out);
    expect(back.train.x.data).toEqual(expected.train.x.data);
    expect(back.test.y).toEqual(expected.test.y);
    expect([...back.testIndices]).toEqual([...expected.testIndices]);
    expect(readFileSync(join(out, "train.csv"), "utf8").split("\n")[0]).toBe("AGE,SEX,BMI,BP,S1,S2,S3,S4,S5,S6,Y");
  });

  it("keeps only the chosen features", async () => {
    const out = join(root, "bmi");
    await prepDataStep({ dataFile: DATA, outputDir: out, testSize: 50, randomState: 3, features: ["BMI"] });
    const back = await readSplit(out);
    expect(back.featureNames).toEqual(["BMI"]);
    expect(back.test.y.length).toBe(50);
  });

  it("rejects broken data naming the file and what is wrong, writing nothing", async () => {
    const out = join(root, "bad");
    await expect(
      prepDataStep({
        dataFile: join(FIXTURES, "diabetes_missing_values.csv"),
        outputDir: out,
        testSize: 0.2,
        randomState: 0,
      }),
    ).rejects.toThrow(/data is not usable: .*diabetes_missing_values\.csv/);
    await expect(
      prepDataStep({
        dataFile: join(FIXTURES, "diabetes_bad_schema.csv"),
        outputDir: out,
        testSize: 0.2,
        randomState: 0,
      }),
    ).rejects.toThrow(/diabetes_bad_schema\.csv/);
    await expect(prepDataStep({ dataFile: DATA, outputDir: out, testSize: 442, randomState: 0 })).rejects.toThrow(
      /cannot split .*test size 442/,
    );
    expect(() => readFileSync(join(out, "split.json"))).toThrow(/ENOENT/);
  });
});
