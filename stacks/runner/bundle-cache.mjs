// Prebundled runner for `npm run synth` (plain JavaScript: it must start without a TypeScript loader).
// tsx compiles every module on each start (~1 s here); an esbuild bundle of the app, cached under a hash of its
// input files' contents, starts in a fraction of that. Packages stay external and load from node_modules.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const MANIFEST = "manifest.json";

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
    readFileSync(file, { flag: "r" }).length; // throws if the bundle is gone
    return file;
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
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    outfile: join(cacheDir, "bundle.mjs"),
    plugins: [importMetaPlugin],
    logLevel: "warning",
  });
  const inputs = [...Object.keys(result.metafile.inputs), ...extraInputs].sort();
  const hash = hashInputs(root, inputs);
  const bundle = `synth-${hash}-esbuild${version}.mjs`;
  mkdirSync(cacheDir, { recursive: true });
  writeAtomic(join(cacheDir, bundle), result.outputFiles[0].text);
  writeAtomic(join(cacheDir, MANIFEST), JSON.stringify({ root, hash, bundle, inputs }, null, 2));
  return { file: join(cacheDir, bundle), built: true };
}
