import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvReader } from "../../../mlops/batch/formats.js";
import { type RowFailure, scoreFile, scoreLines } from "../../../mlops/batch/index.js";
import type { Predictor } from "../../../mlops/contract/index.js";
import { fixturePredictor, tempRoot, trainFixture } from "../fixtures/index.js";
import { type LinearOracle, linearOracle } from "../server/oracles.js";

// Batch scoring of the regression fixture (x1, x2, x3 → y; the numeric fast path, predictMatrix).
let dir: string;
let cleanup = () => {};
let predictor: Predictor;
let oracle: LinearOracle;
const COLUMNS = ["x1", "x2", "x3"];

beforeAll(async () => {
  ({ root: dir, cleanup } = tempRoot("mlops-batch-"));
  await trainFixture("regression", join(dir, "train"));
  predictor = await fixturePredictor("regression", join(dir, "train", "model"));
  oracle = await linearOracle(join(dir, "train", "model"));
  expect(predictor.info.signature.inputs.map((c) => c.name)).toEqual(COLUMNS);
  expect(predictor.predictMatrix).toBeDefined();
});
afterAll(() => cleanup());

const row = (i: number) => COLUMNS.map((_, j) => Math.sin(i * 11 + j) / 10);
const predictionsOf = (text: string) =>
  text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number) as [number, number]);

describe("batch scoring", () => {
  it("scores a CSV by column name (any order, extra columns ignored), line numbers from the file", async () => {
    const order = ["y", ...[...COLUMNS].reverse()];
    const rows = Array.from({ length: 30 }, (_, i) => row(i));
    const csv = [order.join(","), ...rows.map((r, i) => [i, ...[...r].reverse()].join(","))].join("\r\n");
    const input = join(dir, "in.csv");
    const output = join(dir, "out.csv");
    await writeFile(input, `${csv}\r\n`);
    const result = await scoreFile(predictor, { input, output, format: "csv" });
    expect(result).toEqual({ scored: 30, failed: 0, ignoredColumns: ["y"] });
    const text = await readFile(output, "utf8");
    expect(text.split("\n")[0]).toBe("line,prediction");
    expect(predictionsOf(text)).toHaveLength(30);
    for (const [i, [line, y]] of predictionsOf(text).entries()) {
      expect(line).toBe(i + 2);
      expect(oracle.close(y, rows[i]), `row ${i}: ${y}`).toBe(true);
    }
  });

  it("scores JSON lines of arrays and records; blank lines are skipped but counted", async () => {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    const record = Object.fromEntries(COLUMNS.map((c, j) => [c, row(1)[j]]));
    await writeFile(input, `${JSON.stringify(row(0))}\n\n${JSON.stringify({ ...record, id: "x" })}\n`);
    expect(await scoreFile(predictor, { input, output, format: "jsonl" })).toMatchObject({ scored: 2, failed: 0 });
    const lines = (await readFile(output, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 3]);
    expect(lines.map((l) => Object.keys(l))).toEqual([
      ["line", "prediction"],
      ["line", "prediction"],
    ]);
    expect(oracle.close(lines[0].prediction, row(0))).toBe(true);
    expect(oracle.close(lines[1].prediction, row(1))).toBe(true);
  });

  it("--on-error fail stops at the first bad row, names its line, and leaves the output untouched", async () => {
    const input = join(dir, "bad.csv");
    const output = join(dir, "kept.csv");
    await writeFile(output, "previous results\n");
    await writeFile(
      input,
      [
        COLUMNS.join(","),
        row(0).join(","),
        row(1)
          .join(",")
          .replace(/^[^,]+/, "abc"),
      ].join("\n"),
    );
    await expect(scoreFile(predictor, { input, output, format: "csv" })).rejects.toThrow(
      /^line 3: column x1: "abc" is not a number \(nothing written/,
    );
    expect(await readFile(output, "utf8")).toBe("previous results\n");
    expect((await readdir(dir)).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("--on-error skip reports each bad row with its line number and scores the rest", async () => {
    const input = join(dir, "mixed.jsonl");
    const output = join(dir, "mixed-out.jsonl");
    // Every term w·x as large as a double gets, all of one sign: the prediction overflows whatever the weights.
    const huge = oracle.weights.map((w) => Math.sign(w) * Number.MAX_VALUE);
    expect(Number.isFinite(oracle.predict(huge))).toBe(false);
    const lines = [
      JSON.stringify(row(0)),
      JSON.stringify(row(1).slice(1)),
      '{"x1": 1}',
      JSON.stringify([...row(2).slice(0, 2), "NaN"]),
      "not json",
      JSON.stringify(huge),
      JSON.stringify(row(3)),
    ];
    await writeFile(input, lines.join("\n"));
    const failures: RowFailure[] = [];
    const result = await scoreFile(predictor, {
      input,
      output,
      format: "jsonl",
      onError: "skip",
      onFailure: (f) => failures.push(f),
    });
    expect(result).toMatchObject({ scored: 2, failed: 5 });
    expect(failures.map((f) => f.line)).toEqual([2, 3, 4, 5, 6]);
    expect(failures.map((f) => f.message)).toEqual([
      "2 values, the model takes 3 (x1, x2, x3)",
      "missing column x2",
      'column x3: the string "NaN" is not a number',
      expect.stringContaining("not valid JSON"),
      expect.stringContaining("the prediction overflows"),
    ]);
    const out = (await readFile(output, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((l) => l.line)).toEqual([1, 7]);
    // The good rows of the batch the overflow broke are still scored right (row by row after the refusal).
    expect(oracle.close(out[0].prediction, row(0))).toBe(true);
    expect(oracle.close(out[1].prediction, row(3))).toBe(true);
  });

  it("refuses a CSV whose header lacks a model column, naming it", async () => {
    const input = join(dir, "nocol.csv");
    await writeFile(input, `x1,x2\n${row(0).slice(0, 2).join(",")}\n`);
    await expect(scoreFile(predictor, { input, output: join(dir, "x.csv"), format: "csv" })).rejects.toThrow(
      "the header lacks column x3",
    );
  });

  it("handles quoted CSV fields", () => {
    const reader = csvReader(`"x1","x""2",x2,"x3"`, predictor.info);
    expect(reader.ignored).toEqual(['x"2']);
    const out: (number | string)[] = [];
    reader.read(`"1","a,b",2,"3"`, out);
    expect(out).toEqual([1, 2, 3]);
    expect(() => reader.read(`1,"a,b,2,3`, out)).toThrow("unterminated quoted field");
  });
});

describe("streaming", () => {
  it("pulls input lines only as output is written (the first output comes long before the input ends)", async () => {
    const total = 20_000;
    let pulled = 0;
    let pulledAtFirstWrite = -1;
    async function* lines(): AsyncGenerator<readonly [number, string]> {
      for (let i = 0; i < total; i++) {
        pulled++;
        yield [i + 2, row(i).join(",")];
      }
    }
    let written = 0;
    const scored = await scoreLines(
      lines(),
      csvReader(COLUMNS.join(","), predictor.info),
      predictor,
      async (text) => {
        if (pulledAtFirstWrite < 0) pulledAtFirstWrite = pulled;
        written += text.length;
      },
      () => {},
    );
    expect(scored).toBe(total);
    expect(written).toBeGreaterThan(0);
    expect(pulledAtFirstWrite).toBeLessThan(total / 4);
  });

  it("scores a generated file of a few MB, reporting progress while it reads", async () => {
    const input = join(dir, "big.csv");
    const output = join(dir, "big-out.csv");
    const n = 60_000;
    const body = Array.from({ length: n }, (_, i) => row(i).join(",")).join("\n");
    await writeFile(input, `${COLUMNS.join(",")}\n${body}\n`);
    const size = (await stat(input)).size;
    expect(size).toBeGreaterThan(3 * 2 ** 20);
    const progress: string[] = [];
    const result = await scoreFile(predictor, {
      input,
      output,
      format: "csv",
      onProgress: (m) => progress.push(m),
      progressIntervalMs: 0,
    });
    expect(result.scored).toBe(n);
    // Progress lines report partial reads: the file was scored while it was being read, not after loading it.
    expect(progress.some((m) => /^\d+% /.test(m) && !m.startsWith("100%"))).toBe(true);
    const predictions = predictionsOf(await readFile(output, "utf8"));
    expect(predictions).toHaveLength(n);
    for (const i of [0, 4095, 4096, n - 1]) {
      expect(predictions[i][0]).toBe(i + 2);
      expect(oracle.close(predictions[i][1], row(i)), `row ${i}`).toBe(true);
    }
  });
});
