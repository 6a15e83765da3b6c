import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreFile, scoreFolder } from "../../../mlops/batch/index.js";
import type { Predictor } from "../../../mlops/contract/index.js";
import { fixturePredictor, tempRoot, trainFixture } from "../fixtures/index.js";

// The batch endpoint's step scores a mounted folder: every CSV / JSON-lines file, each as `mlops score` would.
let dir: string;
let cleanup = () => {};
let predictor: Predictor;

beforeAll(async () => {
  ({ root: dir, cleanup } = tempRoot("mlops-score-folder-"));
  await trainFixture("regression", join(dir, "train"));
  predictor = await fixturePredictor("regression", join(dir, "train", "model"));
});
afterAll(() => cleanup());

const csv = (rows: number[][]) => `x1,x2,x3\n${rows.map((r) => r.join(",")).join("\n")}\n`;

describe("scoreFolder", () => {
  it("scores CSV and JSON-lines files (subfolders too, name order), keeps their names, leaves other files alone", async () => {
    const input = join(dir, "in");
    await mkdir(join(input, "sub"), { recursive: true });
    await writeFile(join(input, "b.csv"), csv([[1, 2, 3]]));
    await writeFile(join(input, "a.jsonl"), '{"x1": 1, "x2": 2, "x3": 3}\n{"x1": 0, "x2": 0, "x3": 0}\n');
    await writeFile(join(input, "sub", "c.CSV"), csv([[0.5, 0.25, 8]]));
    await writeFile(join(input, "_SUCCESS"), "");
    const out = join(dir, "out");
    const results = await scoreFolder(predictor, { input, outputDir: out });
    expect(results.map((r) => [r.file, r.format, r.scored])).toEqual([
      ["a.jsonl", "jsonl", 2],
      ["b.csv", "csv", 1],
      ["sub/c.CSV", "csv", 1],
    ]);
    expect((await readdir(out, { recursive: true })).sort()).toEqual(["a.jsonl", "b.csv", "sub", "sub/c.CSV"]);
    const one = join(dir, "one.csv");
    await scoreFile(predictor, { input: join(input, "b.csv"), output: one, format: "csv" });
    expect(await readFile(join(out, "b.csv"), "utf8")).toBe(await readFile(one, "utf8"));
  });

  it("scores one file into the output folder under its name", async () => {
    const file = join(dir, "single.csv");
    await writeFile(file, csv([[1, 1, 1]]));
    const results = await scoreFolder(predictor, { input: file, outputDir: join(dir, "single-out") });
    expect(results.map((r) => [r.file, r.scored])).toEqual([["single.csv", 1]]);
    expect(await readdir(join(dir, "single-out"))).toEqual(["single.csv"]);
  });

  it("fails on a missing path, a folder with nothing to score and (by default) a bad row", async () => {
    await expect(scoreFolder(predictor, { input: join(dir, "none"), outputDir: dir })).rejects.toThrow(
      /cannot read --input .*none: no such path/,
    );
    const empty = join(dir, "empty");
    await mkdir(empty);
    await expect(scoreFolder(predictor, { input: empty, outputDir: dir })).rejects.toThrow(/holds no file to score/);
    const bad = join(dir, "bad");
    await mkdir(bad);
    await writeFile(join(bad, "x.csv"), "x1,x2,x3\n1,2,oops\n3,4,5\n");
    await expect(scoreFolder(predictor, { input: bad, outputDir: join(dir, "bad-out") })).rejects.toThrow(/line 2/);
    const skipped: number[] = [];
    const results = await scoreFolder(predictor, {
      input: bad,
      outputDir: join(dir, "bad-out"),
      onError: "skip",
      onFailure: (_file, failure) => skipped.push(failure.line),
    });
    expect(results.map((r) => [r.scored, r.failed])).toEqual([[1, 1]]);
    expect(skipped).toEqual([2]);
  });
});
