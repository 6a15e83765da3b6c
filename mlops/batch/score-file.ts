import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { Predictor } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import { tempSibling } from "../fs/index.js";
import { type BatchFormat, csvReader, jsonlReader, type RowReader } from "./formats.js";
import { Progress } from "./progress.js";
import { RowError, type RowFailure } from "./rows.js";
import { scoreLines } from "./stream.js";

export interface ScoreFileOptions {
  readonly input: string;
  readonly output: string;
  readonly format: BatchFormat;
  /** "fail" (default): stop at the first bad row, write nothing. "skip": report bad rows, score the rest. */
  readonly onError?: "skip" | "fail";
  /** Receives each bad row (line numbers are 1-based lines of the input file). */
  readonly onFailure?: (failure: RowFailure) => void;
  /** Receives progress lines, at most every `progressIntervalMs` (default 1 s). */
  readonly onProgress?: (message: string) => void;
  readonly progressIntervalMs?: number;
}

export interface ScoreFileResult {
  readonly scored: number;
  readonly failed: number;
  /** Columns of the input the model does not use (CSV). */
  readonly ignoredColumns: readonly string[];
}

/** Text output is written in chunks of about this size (one write call each). */
const WRITE_CHUNK = 1 << 16;

/**
 * Scores a CSV (with header) or JSON-lines file into `output` (CSV `line,prediction[,p_<class>…]` / JSON lines
 * `{"line", "prediction"[, "probabilities"]}`), streaming in constant memory. The output appears whole or not at all
 * (temp + rename).
 */
export async function scoreFile(predictor: Predictor, options: ScoreFileOptions): Promise<ScoreFileResult> {
  const { input, output, format } = options;
  const size = (
    await stat(input).catch((error: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read --input ${input}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
    })
  ).size;
  const stream = createReadStream(input);
  const progress = new Progress(size, () => stream.bytesRead, options.onProgress, options.progressIntervalMs);
  await mkdir(dirname(output), { recursive: true });
  const tmp = tempSibling(output);
  const handle = await open(tmp, "wx");
  let failed = 0;
  try {
    const lines = numberedLines(createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }));
    const reader = format === "csv" ? await readHeader(lines, predictor, input) : jsonlReader(predictor.info);
    let pending = reader.header;
    const write = async (text: string) => {
      pending += text;
      if (pending.length >= WRITE_CHUNK) {
        await handle.write(pending);
        pending = "";
      }
      progress.tick();
    };
    const scored = await scoreLines(lines, reader, predictor, write, (failure) => {
      failed++;
      if (options.onError !== "skip") {
        throw new CliError(
          `line ${failure.line}: ${failure.message} (nothing written; --on-error skip scores the other rows)`,
        );
      }
      options.onFailure?.(failure);
    });
    await handle.write(pending);
    await handle.sync();
    await handle.close();
    await rename(tmp, output);
    progress.done();
    return { scored, failed, ignoredColumns: reader.ignored };
  } catch (error) {
    stream.destroy();
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw error;
  }
}

/** The CSV reader for the file's header line; errors name the file and the missing columns. */
async function readHeader(
  lines: AsyncGenerator<readonly [number, string]>,
  predictor: Predictor,
  input: string,
): Promise<RowReader> {
  const first = await lines.next();
  if (first.done) throw new CliError(`--input ${input} is empty: a CSV file needs a header line`);
  try {
    return csvReader(first.value[1], predictor.info);
  } catch (error) {
    if (error instanceof RowError) throw new CliError(`--input ${input}: ${error.message}`);
    throw error;
  }
}

/** Non-blank lines with their 1-based line numbers (blank lines are skipped but counted). */
async function* numberedLines(lines: AsyncIterable<string>): AsyncGenerator<readonly [number, string]> {
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() !== "") yield [n, line];
  }
}
