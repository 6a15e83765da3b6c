// Batch scoring of a classifier with a string column (the multiclass fixture: size, weight double, color string →
// kind; classes apple, cherry, melon): typed cells, the general path, a label and per-class probabilities per row.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RowFailure, scoreFile } from "../../../mlops/batch/index.js";
import type { Predictor } from "../../../mlops/contract/index.js";
import { fixturePredictor, tempRoot, trainFixture } from "../fixtures/index.js";
import { type CentroidOracle, centroidOracle, probabilitiesClose } from "../server/oracles.js";

let dir: string;
let cleanup = () => {};
let predictor: Predictor;
let oracle: CentroidOracle;
type Row = [number, number, string];
const COLORS = ["red", "green", "yellow"];

beforeAll(async () => {
  ({ root: dir, cleanup } = tempRoot("mlops-batch-classifier-"));
  await trainFixture("multiclass", join(dir, "train"));
  predictor = await fixturePredictor("multiclass", join(dir, "train", "model"));
  oracle = await centroidOracle(join(dir, "train", "model"));
  expect(predictor.predictMatrix).toBeUndefined(); // a string column: typed columns, not a matrix
});
afterAll(() => cleanup());

/** Rows spread over the three kinds' sizes and weights, every colour. */
const row = (i: number): Row => {
  const size = [3, 1.2, 15.5][i % 3] + Math.sin(i) / 4;
  const weight = [1.5, 0.1, 19][i % 3] + Math.cos(i) / 4;
  return [Number(size.toFixed(6)), Number(weight.toFixed(6)), COLORS[(i * 7) % 3]];
};

/** `line,prediction,p_apple,p_cherry,p_melon` lines as [line, label, probabilities]. */
const csvRows = (text: string) =>
  text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => {
      const [line, label, ...p] = l.split(",");
      return [Number(line), label, p.map(Number)] as const;
    });

function expectOracle(label: string, probabilities: readonly number[], r: Row, what: string): void {
  const want = oracle.predict(r);
  expect(label, what).toBe(want?.label);
  expect(probabilitiesClose(probabilities, want?.probabilities ?? []), `${what}: ${probabilities}`).toBe(true);
}

describe("batch scoring a multiclass model", () => {
  it("scores a CSV with a string column by name: line,prediction,p_apple,p_cherry,p_melon", async () => {
    // Over a batch (4,096 rows) so the typed columns are sliced across batches; quoted and padded strings too.
    const rows = Array.from({ length: 5000 }, (_, i) => row(i));
    const lines = rows.map(
      ([s, w, c], i) => `${["apple", "cherry", "melon"][i % 3]},${i % 2 ? `"${c}"` : ` ${c}`},${w},${s}`,
    );
    const input = join(dir, "in.csv");
    const output = join(dir, "out.csv");
    await writeFile(input, `kind,color,weight,size\n${lines.join("\n")}\n`);
    expect(await scoreFile(predictor, { input, output, format: "csv" })).toEqual({
      scored: 5000,
      failed: 0,
      ignoredColumns: ["kind"],
    });
    const text = await readFile(output, "utf8");
    expect(text.split("\n")[0]).toBe("line,prediction,p_apple,p_cherry,p_melon");
    const scored = csvRows(text);
    expect(scored).toHaveLength(5000);
    for (const [i, [line, label, p]] of scored.entries()) {
      expect(line).toBe(i + 2);
      expectOracle(label, p, rows[i], `line ${line}`);
    }
    expect(new Set(scored.map(([, label]) => label))).toEqual(new Set(["apple", "cherry", "melon"]));
  });

  it("an unknown colour fails its row with the model's message; --on-error skip scores the others", async () => {
    const input = join(dir, "colours.csv");
    const rows: Row[] = [row(0), [3, 1.5, "purple"], row(1), [3, 1.5, ""], row(2)];
    await writeFile(input, `size,weight,color\n${rows.map((r) => r.join(",")).join("\n")}\n`);
    const failures: RowFailure[] = [];
    const output = join(dir, "colours-out.csv");
    const result = await scoreFile(predictor, {
      input,
      output,
      format: "csv",
      onError: "skip",
      onFailure: (f) => failures.push(f),
    });
    expect(result).toMatchObject({ scored: 3, failed: 2 });
    expect(failures.map((f) => f.line)).toEqual([3, 5]);
    expect(failures[0].message).toContain("color 'purple' was never seen in training (green, red, yellow)");
    expect(failures[1].message).toContain("color '' was never seen in training");
    const scored = csvRows(await readFile(output, "utf8"));
    expect(scored.map(([line]) => line)).toEqual([2, 4, 6]);
    for (const [k, [line, label, p]] of scored.entries())
      expectOracle(label, p, [row(0), row(1), row(2)][k], `line ${line}`);
    // By default the first bad row stops the run, naming its line.
    await expect(scoreFile(predictor, { input, output: join(dir, "never.csv"), format: "csv" })).rejects.toThrow(
      /^line 3: .*color 'purple' was never seen in training/,
    );
  });

  it("scores JSON lines of arrays and records: probabilities by class; a number in the string column is refused", async () => {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    const [a, b] = [row(4), row(5)];
    const lines = [
      JSON.stringify(a),
      JSON.stringify({ color: b[2], weight: b[1], size: b[0], note: "extra keys are ignored" }),
      JSON.stringify([3, 1.5, 3]),
      JSON.stringify({ size: "3", weight: 1.5, color: "red" }),
      JSON.stringify([3, 1.5, true]),
    ];
    await writeFile(input, `${lines.join("\n")}\n`);
    const failures: RowFailure[] = [];
    const result = await scoreFile(predictor, {
      input,
      output,
      format: "jsonl",
      onError: "skip",
      onFailure: (f) => failures.push(f),
    });
    expect(result).toMatchObject({ scored: 2, failed: 3 });
    expect(failures).toEqual([
      { line: 3, message: "column color: 3 is not a string" },
      { line: 4, message: 'column size: the string "3" is not a number' },
      { line: 5, message: "column color: true is not a string" },
    ]);
    const out = (await readFile(output, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out.map((o) => Object.keys(o))).toEqual([
      ["line", "prediction", "probabilities"],
      ["line", "prediction", "probabilities"],
    ]);
    for (const [k, o] of out.entries()) {
      expect(o.line).toBe(k + 1);
      expect(Object.keys(o.probabilities)).toEqual(["apple", "cherry", "melon"]);
      expectOracle(o.prediction, Object.values(o.probabilities), [a, b][k], `line ${o.line}`);
    }
  });
});
