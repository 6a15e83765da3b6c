import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../mlops/fs/index.js";

// Taken when the benchmark script starts (this module loads first), before its own work raises it.
const LOAD_AT_START = loadavg()[0];

const FILE = join(import.meta.dirname, "..", "..", "docs", "BENCHMARKS.md");

/** One line describing this machine, for every benchmark section. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const mem = Math.round(totalmem() / 2 ** 30);
  let commit = "uncommitted";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {}
  return `${cpus().length} × ${cpu}, ${mem} GiB, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, commit ${commit}; 1-minute load average at start ${LOAD_AT_START.toFixed(2)}`;
}

/**
 * Replaces (or appends) the section between `<!-- bench:ID -->` and `<!-- /bench:ID -->` in docs/BENCHMARKS.md,
 * atomically, so each benchmark script owns its own section.
 */
export async function writeBenchmarkSection(id: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${id} -->`;
  const end = `<!-- /bench:${id} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const text = await readFile(FILE, "utf8").catch(() => "# Benchmarks\n");
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? text.slice(0, from) + block + text.slice(to + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFileAtomic(FILE, next);
}

/** Median of numbers. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
