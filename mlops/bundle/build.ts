import { copyFile, mkdir, readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { CHART_WORKER_BUNDLED, chartAssets } from "../charts/index.js";
import { findTemplate, TEMPLATE_FILE } from "../config/index.js";
import { CliError } from "../errors/index.js";
import { sha256, sha256File, writeDirAtomic, writeJsonAtomic } from "../fs/index.js";
import { hashInputs, recordInputs, upToDate } from "./cache.js";
import { BUNDLE_MANIFEST, BUNDLED_TEMPLATE, STEP_ENTRIES } from "./layout.js";

/** A built code folder: what to upload and the hash that names it. */
export interface Bundle {
  readonly dir: string;
  /** Every file, relative to `dir`, with `/`, sorted. */
  readonly files: readonly string[];
  /** sha256 of the manifest (each file's path and sha256): equal bundles, equal hash. */
  readonly hash: string;
  /** sha256 of each file. */
  readonly sha256: Readonly<Record<string, string>>;
}

/** What to bundle and where. */
export interface BundleOptions {
  /** Where the bundle is written (replaced whole, atomically). */
  readonly outDir: string;
  /**
   * A data file to ship, relative to `root`; it keeps that relative path in the bundle. `run --target azureml` ships
   * none: the training data is the DATASET_NAME data asset, the prep step's input.
   */
  readonly dataFile?: string;
  /** The variables template to ship (default this repository's). */
  readonly templateFile?: string;
  /**
   * The repository root (default: the folder holding mlops/): the step entries, the project's model (training/,
   * scoring/), the data and the variables template are all taken from there.
   */
  readonly root?: string;
}

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
/**
 * onnxruntime-web's WebAssembly runtime, which the bundled code loads at run time from beside the step file (the
 * ONNX check every save and load of a model with an ONNX export runs): shipped in steps/, not bundled.
 */
export const ORT_FILES = ["ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];
export const ORT_DIR = dirname(createRequire(import.meta.url).resolve("onnxruntime-web"));
/**
 * esbuild's target: the oldest Node the project supports (package.json engines, `>=20.19` → `node20.19`). The
 * bundles run on the step image's Node 24 in Azure and on the developer's Node in tests; syntax for the oldest
 * serves both.
 */
export const NODE_TARGET = `node${pkg.engines.node.replace(/^>=\s*/, "")}`;

// ESM output of CommonJS dependencies (the Azure SDK) needs `require` for Node's built-ins.
export const REQUIRE_SHIM =
  'import { createRequire as __mlopsCreateRequire } from "node:module";\nconst require = __mlopsCreateRequire(import.meta.url);';

/**
 * esbuild's options for self-contained Node bundles of `entryPoints` (name → source file) under `root`: one ESM file
 * `<name>.mjs` each, the oldest supported Node as target, `require` shimmed, no splitting, no source map. The step
 * bundles and the serving image's app are built with these; the options are part of each build's content hash.
 */
export function nodeBundleOptions(root: string, entryPoints: Readonly<Record<string, string>>) {
  return {
    absWorkingDir: root,
    entryPoints,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: NODE_TARGET,
    format: "esm",
    splitting: false,
    sourcemap: false,
    legalComments: "eof",
    banner: { js: REQUIRE_SHIM },
    logLevel: "silent",
  } as const;
}

/**
 * Bundles each step entry with esbuild into one self-contained file `steps/<step>.mjs` (platform node, target
 * the oldest supported Node, ESM), and adds the variables template, the data file if asked and a manifest of sha256 sums. The output depends only
 * on the inputs, so an unchanged bundle has an unchanged hash (and is not uploaded again); when every file the last
 * build read is unchanged, the bundle in `outDir` is kept as it is.
 */
export async function buildBundle(options: BundleOptions): Promise<Bundle> {
  const root = options.root ?? REPO_ROOT;
  const template =
    options.templateFile ?? (root === REPO_ROOT ? TEMPLATE_FILE : findTemplate(join(root, ".pipelines")));
  const shipped: Record<string, string> = {
    [BUNDLED_TEMPLATE]: template,
    ...Object.fromEntries(ORT_FILES.map((f) => [`steps/${f}`, join(ORT_DIR, f)])),
    // The charts' font and resvg's WebAssembly, read at run time from beside the step file (mlops/charts/assets.ts).
    ...Object.fromEntries(Object.entries(chartAssets()).map(([name, from]) => [`steps/${name}`, from])),
  };
  if (options.dataFile !== undefined) {
    const data = resolve(root, options.dataFile);
    if (relative(root, data).startsWith("..")) {
      throw new CliError(`DATA_FILE '${options.dataFile}' is outside the repository: put the data under ${root}`);
    }
    shipped[relative(root, data).split(sep).join("/")] = data;
  }
  const esbuildOptions = nodeBundleOptions(root, {
    ...Object.fromEntries(STEP_ENTRIES.map((s) => [s, join(root, "mlops", "bundle", "entries", `${s}.ts`)])),
    // The train step draws its charts in a worker thread, which starts from this file beside it.
    [CHART_WORKER_BUNDLED.replace(/\.mjs$/, "")]: join(root, "mlops", "charts", "worker.ts"),
  });
  const settings = JSON.stringify({ esbuildOptions, shipped });
  // Unchanged inputs: the bundle already there is the one a build would write (esbuild is deterministic).
  const existing = await readBundle(options.outDir).catch(() => undefined);
  if (existing && (await upToDate(root, options.outDir, settings, existing.hash))) return existing;

  const { build } = await import("esbuild");
  let read: string[] = [];
  await writeDirAtomic(options.outDir, async (tmp) => {
    const result = await build({ ...esbuildOptions, outdir: join(tmp, "steps"), metafile: true });
    if (result.errors.length > 0) throw new CliError(`bundling failed: ${result.errors[0].text}`);
    read = Object.keys(result.metafile.inputs);
    for (const [name, from] of Object.entries(shipped)) {
      await mkdir(dirname(join(tmp, name)), { recursive: true });
      await copyFile(from, join(tmp, name));
    }
    const sums: Record<string, string> = {};
    for (const file of await listFiles(tmp)) sums[file] = await sha256File(join(tmp, file));
    await writeJsonAtomic(join(tmp, BUNDLE_MANIFEST), { node: pkg.engines.node, files: sums });
  });
  const bundle = await readBundle(options.outDir);
  const files = await hashInputs(root, [...read, ...Object.values(shipped)]);
  await recordInputs(options.outDir, { settings, files, bundleHash: bundle.hash });
  return bundle;
}

/** Reads a built bundle back: its files, their sums and the hash (of the manifest). */
export async function readBundle(dir: string): Promise<Bundle> {
  const files = await listFiles(dir);
  if (!files.includes(BUNDLE_MANIFEST)) throw new CliError(`${dir} is not a bundle (no ${BUNDLE_MANIFEST})`);
  const sums: Record<string, string> = {};
  for (const file of files) sums[file] = await sha256File(join(dir, file));
  return { dir, files, hash: sha256(await readFile(join(dir, BUNDLE_MANIFEST))), sha256: sums };
}

export async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path, base)));
    else out.push(relative(base, path).split(sep).join("/"));
  }
  return out.sort();
}
