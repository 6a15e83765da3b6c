// Where the renderer's files are at run time: beside the running step file in a bundle (mlops/bundle ships them in
// steps/), else in the source tree (the fonts here, resvg's WebAssembly in node_modules).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The committed fonts (fonts/README.md): regular and bold DejaVu Sans, cut to the characters charts use. */
export const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"] as const;
/** The name resvg's WebAssembly has beside a bundled step. */
export const RESVG_WASM = "resvg.wasm";

/** The folder of the running code: mlops/charts/ from source, steps/ in a bundle (esbuild keeps import.meta.url). */
const here = dirname(fileURLToPath(import.meta.url));

function firstExisting(what: string, candidates: readonly string[]): string {
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `${what} not found (looked in ${candidates.join(", ")}); reinstall with npm ci, or rebuild the bundle`,
    );
  return found;
}

/** The font files' paths. */
export function fontPaths(): string[] {
  return FONT_FILES.map((f) => firstExisting(`chart font ${f}`, [join(here, f), join(here, "fonts", f)]));
}

/** resvg's WebAssembly file's path. */
export function resvgWasmPath(): string {
  const candidates = [join(here, RESVG_WASM)];
  try {
    candidates.push(createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm"));
  } catch {
    // not installed: a bundle without node_modules; the file beside the step is the only place
  }
  return firstExisting("resvg's WebAssembly", candidates);
}

/** Source path → bundle name, for mlops/bundle to ship beside the step files. */
export function chartAssets(): Record<string, string> {
  const fontDir = join(dirname(fileURLToPath(import.meta.url)), "fonts");
  return {
    ...Object.fromEntries(FONT_FILES.map((f) => [f, join(fontDir, f)])),
    [RESVG_WASM]: createRequire(import.meta.url).resolve("@resvg/resvg-wasm/index_bg.wasm"),
  };
}
