// Compiles parse-matrix.wat into module.generated.ts (the bytes, base64). Run after editing the .wat:
//   npm run build:wasm
// A test compiles the .wat again and fails when the generated file is stale. The server never imports this
// file: wabt is a development dependency only.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileWatText, generatedSource as source, writeGenerated } from "../wasm/build.js";

const HERE = import.meta.dirname;
export const WAT_PATH = join(HERE, "parse-matrix.wat");
export const GENERATED_PATH = join(HERE, "module.generated.ts");

/** The .wat compiled to WebAssembly bytes (deterministic for a given wabt version). */
export async function compileWat(): Promise<Uint8Array> {
  return compileWatText("parse-matrix.wat", await readFile(WAT_PATH, "utf8"));
}

/** The text of module.generated.ts for these bytes. */
export function generatedSource(bytes: Uint8Array): string {
  return source("mlops/server/wasm-matrix/build-module.ts from parse-matrix.wat", "PARSE_MATRIX_WASM", bytes);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const bytes = await compileWat();
  await writeGenerated(GENERATED_PATH, generatedSource(bytes), bytes);
}
