import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { strings } from "../../../mlops/contract/index.js";
import { readCsvFrame, splitFrame } from "../../../mlops/data/index.js";
import { prepDataStep, readSplit } from "../../../mlops/steps/prep-data.js";
import { centroid, FIXTURES, leastSquares } from "../fixtures/index.js";
import { tempRoot } from "./fixtures.js";

const { root, cleanup } = tempRoot("mlops-prep-");
afterAll(cleanup);
const DATA = FIXTURES.multiclass.data;

describe("prep-data step", () => {
  it("writes a typed split (a string column included) that reads back exactly as the in-memory split", async () => {
    const out = join(root, "prep");
    const record = await prepDataStep({
      model: centroid,
      dataFile: DATA,
      outputDir: out,
      testSize: 0.2,
      randomState: 0,
    });

    expect([record.rows, record.n_train, record.n_test]).toEqual([90, 72, 18]);
    expect(record.data_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.inputs).toEqual(centroid.signature.inputs);
    expect(record.target).toEqual({ name: "kind", type: "string" });
    const frame = await readCsvFrame(DATA, [...centroid.signature.inputs, centroid.signature.target]);
    const expected = splitFrame(frame, 0.2, 0);
    const back = await readSplit(out);
    expect(back.train.x.values).toEqual(expected.train.values.slice(0, 3));
    expect(back.test.y).toEqual(strings(expected.test, "kind"));
    expect(record.test_indices).toEqual([...expected.testIndices]);
    expect(readFileSync(join(out, "train.csv"), "utf8").split("\n")[0]).toBe("size,weight,color,kind");
  });

  it("keeps only the chosen inputs, and refuses names the model does not read", async () => {
    const out = join(root, "x2");
    await prepDataStep({
      model: leastSquares,
      dataFile: FIXTURES.regression.data,
      outputDir: out,
      testSize: 20,
      randomState: 3,
      features: ["x2"],
    });
    const back = await readSplit(out);
    expect(back.record.inputs.map((c) => c.name)).toEqual(["x2"]);
    expect(back.test.x.rows).toBe(20);
    await expect(
      prepDataStep({
        model: leastSquares,
        dataFile: FIXTURES.regression.data,
        outputDir: out,
        testSize: 0.2,
        randomState: 0,
        features: ["x2", "x9"],
      }),
    ).rejects.toThrow(/features x9: not inputs of the model \(model least_squares reads x1, x2, x3\)/);
  });

  it("rejects broken data naming the file and what is wrong, writing nothing", async () => {
    const out = join(root, "bad");
    const missing = join(root, "missing.csv");
    writeFileSync(missing, "x1,x2,x3,y\n1,,3,4\n5,6,NA,8\n1,2,3,4\n");
    const base = { model: leastSquares, outputDir: out, testSize: 0.2, randomState: 0 };
    await expect(prepDataStep({ ...base, dataFile: missing })).rejects.toThrow(
      /data is not usable: .*missing\.csv: column x2 has 1 missing value \(first at row 1\); .*column x3/,
    );
    await expect(prepDataStep({ ...base, dataFile: DATA })).rejects.toThrow(
      /multiclass\.csv: line 1: missing columns x1, x2, x3, y/,
    );
    await expect(prepDataStep({ ...base, dataFile: FIXTURES.regression.data, testSize: 80 })).rejects.toThrow(
      /cannot split .*test size 80/,
    );
    expect(() => readFileSync(join(out, "split.json"))).toThrow(/ENOENT/);
  });
});
