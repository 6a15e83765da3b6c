import { readdir, stat } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import type { Predictor } from "../contract/index.js";
import { CliError } from "../errors/index.js";
import { type BatchFormat, formatOf } from "./formats.js";
import type { RowFailure } from "./rows.js";
import { scoreFile } from "./score-file.js";

/** Extensions a folder's files are scored by; other files (a `_SUCCESS` marker, a README) are left alone. */
const SCORED_EXTENSIONS = new Set([".csv", ".jsonl", ".ndjson", ".json"]);

/** What one input file gave. */
export interface ScoredFile {
  /** Path relative to the input folder (`/`-separated); the predictions keep it under the output folder. */
  readonly file: string;
  readonly format: BatchFormat;
  readonly scored: number;
  readonly failed: number;
  readonly ignoredColumns: readonly string[];
}

/** Options of {@link scoreFolder}. */
export interface ScoreFolderOptions {
  /** A folder (every CSV / JSON-lines file in it and below) or one file. */
  readonly input: string;
  /** Where each file's predictions go, under the same relative path and name. */
  readonly outputDir: string;
  readonly onError?: "skip" | "fail";
  readonly onFailure?: (file: string, failure: RowFailure) => void;
  readonly onProgress?: (message: string) => void;
}

/**
 * Scores every CSV / JSON-lines file of a folder (the mounted `uri_folder` of a batch job), each into a file of the
 * same relative path under `outputDir`, one at a time in name order so the output does not depend on the file
 * system's order. A single file is scored into `outputDir/<its name>`. A folder with no such file is an error:
 * an empty scoring job would "succeed" on the wrong path.
 */
export async function scoreFolder(predictor: Predictor, options: ScoreFolderOptions): Promise<ScoredFile[]> {
  const info = await stat(options.input).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      `cannot read --input ${options.input}: ${error.code === "ENOENT" ? "no such path" : error.message}`,
    );
  });
  const files = info.isDirectory()
    ? (await listFiles(options.input)).filter((f) => SCORED_EXTENSIONS.has(extname(f).toLowerCase()))
    : [""];
  if (files.length === 0) {
    throw new CliError(
      `--input ${options.input} holds no file to score (${[...SCORED_EXTENSIONS].join(", ")}): ` +
        "point it at the folder of CSV or JSON-lines files",
    );
  }
  const results: ScoredFile[] = [];
  for (const file of files) {
    const input = file ? join(options.input, file) : options.input;
    const name = file || input.slice(input.lastIndexOf(sep) + 1);
    const format = formatOf(input);
    const result = await scoreFile(predictor, {
      input,
      output: join(options.outputDir, name),
      format,
      onError: options.onError ?? "fail",
      onFailure: (failure) => options.onFailure?.(name, failure),
      ...(options.onProgress ? { onProgress: (m: string) => options.onProgress?.(`${name}: ${m}`) } : {}),
    });
    results.push({ file: name.split(sep).join("/"), format, ...result });
  }
  return results;
}

/** Every file below `dir`, relative to it, sorted. */
async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(relative(base, path));
  }
  return out.sort();
}
