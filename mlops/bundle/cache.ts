import { readFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { sha256File, writeJsonAtomic } from "../fs/index.js";

/** What a bundle was built from: every file esbuild read, the shipped files, the build settings. */
export interface BuildInputs {
  readonly settings: string;
  /** sha256 of each file, by path (relative to `root` unless absolute). */
  readonly files: Readonly<Record<string, string>>;
  /** The bundle's hash when it was built from these inputs. */
  readonly bundleHash: string;
}

/** The record lives beside the bundle (`<outDir>.inputs.json`), not in it: it must not change the bundle's hash. */
export const inputsFile = (outDir: string) => `${outDir}.inputs.json`;

/** sha256 of each existing file (esbuild's virtual inputs, e.g. `<define:...>`, are covered by the settings). */
export async function hashInputs(root: string, paths: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    paths.map(async (path) => {
      const sum = await sha256File(isAbsolute(path) ? path : join(root, path)).catch(() => undefined);
      if (sum) out[path] = sum;
    }),
  );
  return out;
}

/**
 * True when the bundle in `outDir` (hash `bundleHash`) was built from exactly these settings and files: each file
 * esbuild read last time is hashed again and compared, so any edit (or a dependency update) rebuilds.
 */
export async function upToDate(root: string, outDir: string, settings: string, bundleHash: string): Promise<boolean> {
  let recorded: BuildInputs;
  try {
    recorded = JSON.parse(await readFile(inputsFile(outDir), "utf8")) as BuildInputs;
  } catch {
    return false;
  }
  if (recorded.settings !== settings || recorded.bundleHash !== bundleHash) return false;
  const now = await hashInputs(root, Object.keys(recorded.files));
  return Object.entries(recorded.files).every(([path, sum]) => now[path] === sum);
}

/** Records what the bundle in `outDir` was built from. */
export function recordInputs(outDir: string, inputs: BuildInputs): Promise<void> {
  return writeJsonAtomic(inputsFile(outDir), inputs);
}
