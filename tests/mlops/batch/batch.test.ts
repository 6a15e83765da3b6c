import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvReader } from "../../../mlops/batch/formats.js";
import { type RowFailure, scoreFile, scoreLines } from "../../../mlops/batch/index.js";
import { loadScorer, type Scorer } from "../../../mlops/server/index.js";
import { expectedPrediction, relClose, seedModelDir } from "../../scoring/seed-model.js";

let fixture: Awaited<ReturnType<typeof seedModelDir>>;
let scorer: Scorer;
let dir: string;
const COLUMNS = ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"];

beforeAll(async () => {
  fixture = await seedModelDir();
  scorer = await loadScorer(fixture.dir);
  dir = await mkdtemp(join(tmpdir(), "mlops-batch-"));
});
afterAll(async () => {
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const row = (i: number) => COLUMNS.map((_, j) => Math.sin(i * 11 + j) / 10);
const predictionsOf = (text: string) =>
  text
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number) as [number, number]);

describe("batch scoring", () => {
  it("scores a CSV by column name (any order, extra columns ignored), line numbers from the file", async () => {
    const order = ["Y", ...[...COLUMNS].reverse()];
    const rows = Array.from({ length: 30 }, (_, i) => row(i));
    const csv = [order.join(","), ...rows.map((r, i) => [i, ...[...r].reverse()].join(","))].join("\r\n");
    const input = join(dir, "in.csv");
    const output = join(dir, "out.csv");
    await writeFile(input, `${csv}\r\n`);
    const result = await scoreFile(scorer, { input, output, format: "csv" });
    expect(result).toEqual({ scored: 30, failed: 0, ignoredColumns: ["Y"] });
    const text = await readFile(output, "utf8");
    expect(text.split("\n")[0]).toBe("line,prediction");
    for (const [i, [line, y]] of predictionsOf(text).entries()) {
      expect(line).toBe(i + 2);
      expect(relClose(y, expectedPrediction(fixture.model, rows[i]), 1e-12)).toBe(true);
    }
  });

  it("scores JSON lines of arrays and records; blank lines are skipped but counted", async () => {
    const input = join(dir, "in.jsonl");
    const output = join(dir, "out.jsonl");
    const record = Object.fromEntries(COLUMNS.map((c, j) => [c, row(1)[j]]));
    await writeFile(input, `${JSON.stringify(row(0))}\n\n${JSON.stringify({ ...record, id: "x" })}\n`);
    expect(await scoreFile(scorer, { input, output, format: "jsonl" })).toMatchObject({ scored: 2, failed: 0 });
    const lines = (await readFile(output, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.line)).toEqual([1, 3]);
    expect(relClose(lines[1].prediction, expectedPrediction(fixture.model, row(1)), 1e-12)).toBe(true);
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
    await expect(scoreFile(scorer, { input, output, format: "csv" })).rejects.toThrow(
      /^line 3: column AGE: "abc" is not a number \(nothing written/,
    );
    expect(await readFile(output, "utf8")).toBe("previous results\n");
    const leftovers = (await import("node:fs/promises")).readdir(dir);
    expect((await leftovers).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("--on-error skip reports each bad row with its line number and scores the rest", async () => {
    const input = join(dir, "mixed.jsonl");
    const output = join(dir, "mixed-out.jsonl");
    const lines = [
      JSON.stringify(row(0)),
      JSON.stringify(row(1).slice(1)),
      '{"AGE": 1}',
      JSON.stringify([...row(2).slice(0, 9), "NaN"]),
      "not json",
      JSON.stringify(Array(10).fill(1e308)),
      JSON.stringify(row(3)),
    ];
    await writeFile(input, lines.join("\n"));
    const failures: RowFailure[] = [];
    const result = await scoreFile(scorer, {
      input,
      output,
      format: "jsonl",
      onError: "skip",
      onFailure: (f) => failures.push(f),
    });
    expect(result).toMatchObject({ scored: 2, failed: 5 });
    expect(failures.map((f) => f.line)).toEqual([2, 3, 4, 5, 6]);
    expect(failures.map((f) => f.message)).toEqual([
      "9 values, the model takes 10 (AGE, SEX, BMI, BP, S1, S2, S3, S4, S5, S6)",
      "missing column SEX",
      'column S6: the string "NaN" is not a number',
      expect.stringContaining("not valid JSON"),
      expect.stringContaining("the prediction overflows"),
    ]);
    const out = (await readFile(output, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).line);
    expect(out).toEqual([1, 7]);
  });

  it("refuses a CSV whose header lacks a model column, naming it", async () => {
    const input = join(dir, "nocol.csv");
    await writeFile(input, `${COLUMNS.slice(0, 9).join(",")}\n${row(0).slice(0, 9).join(",")}\n`);
    await expect(scoreFile(scorer, { input, output: join(dir, "x.csv"), format: "csv" })).rejects.toThrow(
      "the header lacks column S6",
    );
  });

  it("handles quoted CSV fields", () => {
    const reader = csvReader(`"AGE",SEX,"B""MI",BMI,BP,S1,S2,S3,S4,S5,S6`, COLUMNS);
    const target = new Float64Array(10);
    reader.read(`"1",2,"x,y",3,4,5,6,7,8,9,"10"`, target, 0);
    expect(Array.from(target)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
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
      csvReader(COLUMNS.join(","), COLUMNS),
      scorer,
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
    const n = 40_000;
    const body = Array.from({ length: n }, (_, i) => row(i).join(",")).join("\n");
    await writeFile(input, `${COLUMNS.join(",")}\n${body}\n`);
    const size = (await stat(input)).size;
    expect(size).toBeGreaterThan(3 * 2 ** 20);
    const progress: string[] = [];
    const result = await scoreFile(scorer, {
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
    expect(relClose(predictions[n - 1][1], expectedPrediction(fixture.model, row(n - 1)), 1e-12)).toBe(true);
  });
});
