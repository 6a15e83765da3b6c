// Proof that a folder was only read: one sha256 over every entry's path, kind, bytes and modification time.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** A hash of every file's bytes and mtime (and every folder's mtime) under `dir`, and how many files it covers. */
export function treeHash(dir: string): { readonly sha256: string; readonly files: number } {
  const hash = createHash("sha256");
  let files = 0;
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => ({ path: join(e.parentPath, e.name), file: e.isFile() }))
    .sort((a, b) => a.path.localeCompare(b.path));
  for (const { path, file } of [{ path: dir, file: false }, ...entries]) {
    const info = statSync(path);
    hash.update(`${relative(dir, path)}\0${file ? "f" : "d"}\0${info.mtimeMs}\0${info.size}\0`);
    if (file) {
      hash.update(readFileSync(path));
      files++;
    }
  }
  return { sha256: hash.digest("hex"), files };
}
