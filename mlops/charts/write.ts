// Writes named charts as PNG files into a folder (each via temp + rename): `<dir>/<name>.png`.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "../fs/index.js";
import type { DrawnChart } from "./drawer.js";
import { renderPng } from "./render.js";
import type { ChartSpec } from "./theme.js";

/** A chart's name: kebab-case, so `<name>.png` is a safe file name everywhere. */
export const CHART_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Each bad chart name, with the fix; none when all are good. */
export function chartNameProblems(names: readonly string[], whose: string): string[] {
  return names
    .filter((name) => !CHART_NAME.test(name))
    .map((name) => `${whose} chart name ${JSON.stringify(name)} must be kebab-case (e.g. "feature-importance")`);
}

/** How long each chart took to render and write, in milliseconds, by file name. */
export type ChartTimings = Record<string, number>;

/**
 * Renders each chart and writes it as `<dir>/<name>.png` (the folder is created), in name order. Throws for a bad
 * name before rendering anything, and names the chart a render failed on (then nothing is written).
 */
export async function writeCharts(dir: string, charts: Readonly<Record<string, ChartSpec>>): Promise<ChartTimings> {
  const names = Object.keys(charts).sort();
  const problems = chartNameProblems(names, "a");
  if (problems.length > 0) throw new Error(problems.join("; "));
  const drawn: Record<string, DrawnChart> = {};
  for (const name of names) {
    const start = performance.now();
    let png: Uint8Array;
    try {
      png = await renderPng(charts[name]);
    } catch (error) {
      throw new Error(`chart ${name}: ${(error as Error).message}`);
    }
    drawn[name] = { png, ms: performance.now() - start };
  }
  return writeDrawnCharts(dir, drawn);
}

/**
 * Writes charts a {@link import("./drawer.js").ChartDrawer} rendered as `<dir>/<name>.png` (the folder is created),
 * in name order; the timings are the worker's render time plus the write.
 */
export async function writeDrawnCharts(
  dir: string,
  drawn: Readonly<Record<string, DrawnChart>>,
): Promise<ChartTimings> {
  const names = Object.keys(drawn).sort();
  const problems = chartNameProblems(names, "a");
  if (problems.length > 0) throw new Error(problems.join("; "));
  await mkdir(dir, { recursive: true });
  const timings: ChartTimings = {};
  for (const name of names) {
    const start = performance.now();
    await writeFileAtomic(join(dir, `${name}.png`), drawn[name].png);
    timings[`${name}.png`] = drawn[name].ms + (performance.now() - start);
  }
  return timings;
}
