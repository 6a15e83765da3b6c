import { copyFile, mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { listFiles, nodeBundleOptions, ORT_DIR, ORT_FILES } from "../bundle/build.js";
import { hashInputs, recordInputs, upToDate } from "../bundle/cache.js";
import { CliError } from "../errors/index.js";
import { sha256, sha256File, writeDirAtomic, writeJsonAtomic } from "../fs/index.js";

/** A built Docker build context: what to upload, and the hash that versions the environment built from it. */
export interface ImageContext {
  readonly dir: string;
  /** Every file, relative to `dir`, with `/`, sorted. */
  readonly files: readonly string[];
  /** sha256 of the manifest (each file's path and sha256): equal contexts, equal hash, same environment version. */
  readonly hash: string;
}

/** The two images Azure ML builds from this repository. */
export type ImageKind = "serve" | "step";

/** The manifest written into each context (its sha256 is the context's hash). */
export const CONTEXT_MANIFEST = "mlops-image.json";
/** The committed Dockerfile of an image. */
export const dockerfileOf = (kind: ImageKind, root = REPO_ROOT) => join(root, "mlops", "images", kind, "Dockerfile");
/** Where the serving bundle and its runtime files sit in the context (the Dockerfile copies `app/` to /app). */
export const SERVING_APP_DIR = "app";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/** Where to build a context, and from which repository (default this one: its mlops/, training/, scoring/). */
export interface ContextOptions {
  readonly outDir: string;
  readonly root?: string;
}

/**
 * The serving image's build context: the Dockerfile, `app/serve.mjs` (esbuild: the scoring server's container
 * entry with the project's scoring/ and training/), onnxruntime-web's WebAssembly runtime beside it, a manifest.
 * Deterministic (esbuild is): the same sources give the same files and hash. Unchanged inputs keep the folder.
 */
export async function buildServingContext(options: ContextOptions): Promise<ImageContext> {
  const root = options.root ?? REPO_ROOT;
  const shipped: Record<string, string> = {
    Dockerfile: dockerfileOf("serve", root),
    ...Object.fromEntries(ORT_FILES.map((f) => [`${SERVING_APP_DIR}/${f}`, join(ORT_DIR, f)])),
  };
  const esbuildOptions = nodeBundleOptions(root, { serve: join(root, "mlops", "bundle", "entries", "serve.ts") });
  const settings = JSON.stringify({ kind: "serve", esbuildOptions, shipped });
  const existing = await readImageContext(options.outDir).catch(() => undefined);
  if (existing && (await upToDate(root, options.outDir, settings, existing.hash))) return existing;

  const { build } = await import("esbuild");
  let read: string[] = [];
  await writeDirAtomic(options.outDir, async (tmp) => {
    const result = await build({ ...esbuildOptions, outdir: join(tmp, SERVING_APP_DIR), metafile: true });
    if (result.errors.length > 0) throw new CliError(`bundling the serving image failed: ${result.errors[0].text}`);
    read = Object.keys(result.metafile.inputs);
    await copyAll(tmp, shipped);
    await writeManifest(tmp);
  });
  const context = await readImageContext(options.outDir);
  const files = await hashInputs(root, [...read, ...Object.values(shipped)]);
  await recordInputs(options.outDir, { settings, files, bundleHash: context.hash });
  return context;
}

/** The step image's build context: its Dockerfile and the manifest (the steps' code is the code asset). */
export async function buildStepContext(options: ContextOptions): Promise<ImageContext> {
  const root = options.root ?? REPO_ROOT;
  await writeDirAtomic(options.outDir, async (tmp) => {
    await copyAll(tmp, { Dockerfile: dockerfileOf("step", root) });
    await writeManifest(tmp);
  });
  return readImageContext(options.outDir);
}

/** Reads a built context back (its hash is the manifest's sha256). */
export async function readImageContext(dir: string): Promise<ImageContext> {
  const files = await listFiles(dir);
  if (!files.includes(CONTEXT_MANIFEST)) throw new CliError(`${dir} is not an image context (no ${CONTEXT_MANIFEST})`);
  return { dir, files, hash: sha256(await readFile(join(dir, CONTEXT_MANIFEST))) };
}

async function copyAll(dir: string, shipped: Readonly<Record<string, string>>): Promise<void> {
  for (const [name, from] of Object.entries(shipped)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await copyFile(from, join(dir, name));
  }
}

async function writeManifest(dir: string): Promise<void> {
  const sums: Record<string, string> = {};
  for (const file of await listFiles(dir)) sums[file] = await sha256File(join(dir, file));
  await writeJsonAtomic(join(dir, CONTEXT_MANIFEST), { files: sums });
}
