// The chart worker from source, pre-bundled: esbuild makes one file of worker.ts with vega, vega-lite and resvg,
// cached in node_modules/.cache/mlops-charts/. Measured on this 2-core machine (spawn → two PNGs): ~0.7-0.85 s for
// that file vs ~1.3-1.55 s for worker.ts through tsx, whose loader hooks slow vega's hundreds of modules and the
// first renders (and than importing vega's modules plainly before registering tsx for worker.ts: ~1.3-1.5 s).
// esbuild is a dev dependency, like tsx: any checkout that runs from source has both.
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256, sha256File, tempSibling, writeJsonAtomic } from "../fs/index.js";
import { chartAssets } from "./assets.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "..", "..");
const CACHE = join(ROOT, "node_modules", ".cache", "mlops-charts");
/** npm rewrites it on every install: a changed dependency changes it (cheaper than hashing vega's files). */
const LOCK = join(ROOT, "node_modules", ".package-lock.json");
const POINTER = join(CACHE, "current.json");
const ENTRY = join(here, "worker.ts");

/** What the current build was made from: our source files esbuild read (sha256 by path) and the lock's sha256. */
interface Pointer {
  readonly dir: string;
  readonly lock: string;
  readonly sources: Readonly<Record<string, string>>;
}

async function sums(paths: readonly string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(
    paths.map(async (p) => [p, await sha256File(join(ROOT, p)).catch(() => "missing")] as const),
  );
  return Object.fromEntries(entries);
}

async function current(): Promise<string | undefined> {
  try {
    const pointer = JSON.parse(await readFile(POINTER, "utf8")) as Pointer;
    const [lock, now] = await Promise.all([sha256File(LOCK), sums(Object.keys(pointer.sources))]);
    const same = lock === pointer.lock && Object.entries(pointer.sources).every(([p, s]) => now[p] === s);
    const file = join(CACHE, pointer.dir, "chart-worker.mjs");
    return same && existsSync(file) ? file : undefined;
  } catch {
    return undefined; // no build yet, or an unreadable one: build again
  }
}

/**
 * The pre-bundled worker file for this checkout, built now when missing or stale (once, ~0.3 s; later runs check a
 * few hashes). Each build is a folder named by its inputs' hash that is never rewritten, so a process starting
 * a worker from it never races another process's rebuild; current.json (written atomically) points at the newest.
 */
export async function cachedChartWorker(): Promise<string> {
  const found = await current();
  if (found) return found;
  let esbuild: typeof import("esbuild");
  try {
    esbuild = await import("esbuild");
  } catch (error) {
    throw new Error(
      `the chart worker is bundled by esbuild from source, and esbuild did not load (${(error as Error).message}): run npm ci`,
    );
  }
  const lock = await sha256File(LOCK).catch(() => "none");
  const tmp = tempSibling(join(CACHE, "build"));
  await mkdir(tmp, { recursive: true });
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT, // the metafile's input paths are relative to it
      entryPoints: { "chart-worker": ENTRY },
      outdir: tmp,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      platform: "node",
      format: "esm",
      // ESM output of CommonJS dependencies needs `require` for Node's built-ins.
      banner: { js: 'import { createRequire as __cr } from "node:module";\nconst require = __cr(import.meta.url);' },
      metafile: true,
      logLevel: "silent",
    });
    // The worker finds the fonts and resvg's WebAssembly beside it, as in a step bundle (assets.ts).
    for (const [name, from] of Object.entries(chartAssets())) await copyFile(from, join(tmp, name));
    const ours = Object.keys(result.metafile.inputs)
      .map((p) => (isAbsolute(p) ? p : join(ROOT, p)))
      .filter((p) => !p.split(sep).includes("node_modules") && existsSync(p))
      .map((p) => relative(ROOT, p));
    const sources = await sums(ours);
    const dir = sha256(JSON.stringify({ lock, sources })).slice(0, 16);
    await rename(tmp, join(CACHE, dir)).catch((error: NodeJS.ErrnoException) => {
      // Another process built the same inputs first: its folder is identical; keep it.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
    await writeJsonAtomic(POINTER, { dir, lock, sources } satisfies Pointer);
    await pruneBuilds(CACHE, dir).catch(() => undefined); // housekeeping: never fails a run
    return join(CACHE, dir, "chart-worker.mjs");
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** How old a superseded build must be before it is removed: a process that read the pointer earlier has long started its worker. */
export const PRUNE_AFTER_MS = 10 * 60 * 1000;

/**
 * Removes the builds in `cache` other than `keep` (each ~3 MB; every dependency or chart-source change makes one)
 * and abandoned temp folders, once their last change is older than `afterMs`. Returns the names removed.
 */
export async function pruneBuilds(
  cache: string,
  keep: string,
  now = Date.now(),
  afterMs = PRUNE_AFTER_MS,
): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(cache, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(cache, entry.name);
    const { mtimeMs } = await stat(path);
    if (now - mtimeMs < afterMs) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed.sort();
}
