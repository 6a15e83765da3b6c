// Prebundled runner for `npm run synth` (plain JavaScript: it must start without a TypeScript loader).
// tsx compiles every module on each start (~1 s here), and resolving and reading cdktf's and the provider's
// hundreds of CommonJS files costs as much again; one esbuild bundle of the app and its packages, cached under a
// hash of its inputs (our sources by content, packages through the lockfiles), starts in a fraction of that.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const MANIFEST = "manifest.json";
// The oldest Node the project supports (package.json engines, `>=20.19` → `node20.19`): the runner starts on any.
const NODE_TARGET = `node${JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")).engines.node.replace(/^>=\s*/, "")}`;
// Packages enter the hash through npm's lockfiles (the hidden one changes on every install), not file by file.
const LOCKFILES = ["package-lock.json", "node_modules/.package-lock.json"];
// Bundled CommonJS still calls require() for Node's built-ins.
const BANNER =
  'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);';

/** sha256 over the files' paths and bytes (and the root, since the bundle embeds absolute paths). */
function hashInputs(root, inputs) {
  const hash = createHash("sha256").update(root);
  for (const file of inputs) hash.update(`\0${file}\0`).update(readFileSync(join(root, file)));
  return hash.digest("hex").slice(0, 20);
}

/** Temp sibling + rename, so a concurrent run never sees half a file. */
function writeAtomic(file, text) {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

function cached(root, cacheDir) {
  try {
    const manifest = JSON.parse(readFileSync(join(cacheDir, MANIFEST), "utf8"));
    if (manifest.root !== root || hashInputs(root, manifest.inputs) !== manifest.hash) return undefined;
    const file = join(cacheDir, manifest.bundle);
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

// A bundle lives elsewhere than its sources: pin each source file's import.meta paths to where the source is.
const importMetaPlugin = {
  name: "source-import-meta",
  setup(build) {
    build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
      if (/[\\/]node_modules[\\/]/.test(args.path)) return undefined;
      const text = readFileSync(args.path, "utf8")
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path))
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href));
      return { contents: text, loader: "ts" };
    });
  },
};

/** Removes superseded bundles, sparing recent ones a concurrent run may be about to load. */
function pruneOldBundles(cacheDir, keep) {
  const cutoff = Date.now() - 10 * 60_000;
  for (const name of readdirSync(cacheDir)) {
    const file = join(cacheDir, name);
    if (name !== keep && /^synth-.*\.mjs$/.test(name) && statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
  }
}

/**
 * The bundle of `entry` (relative to `root`): reused while every input file is unchanged, rebuilt otherwise.
 * Returns its path and whether it was built now.
 */
export async function cachedBundle({ root, entry, cacheDir, extraInputs = [] }) {
  const hit = cached(root, cacheDir);
  if (hit) return { file: hit, built: false };
  const { build, version } = await import("esbuild");
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: NODE_TARGET,
    banner: { js: BANNER },
    write: false,
    metafile: true,
    outfile: join(cacheDir, "bundle.mjs"),
    plugins: [importMetaPlugin],
    logLevel: "warning",
  });
  const sources = Object.keys(result.metafile.inputs).filter((f) => !/(^|[\\/])node_modules[\\/]/.test(f));
  const locks = LOCKFILES.filter((f) => existsSync(join(root, f)));
  const inputs = [...new Set([...sources, ...locks, ...extraInputs])].sort();
  const hash = hashInputs(root, inputs);
  const bundle = `synth-${hash}-esbuild${version}.mjs`;
  mkdirSync(cacheDir, { recursive: true });
  writeAtomic(join(cacheDir, bundle), result.outputFiles[0].text);
  writeAtomic(join(cacheDir, MANIFEST), JSON.stringify({ root, hash, bundle, inputs }, null, 2));
  pruneOldBundles(cacheDir, bundle);
  return { file: join(cacheDir, bundle), built: true };
}
