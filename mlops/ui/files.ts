// A run's files, read-only: the list of outputs and one file by its path relative to the run folder, refusing any
// path that leaves the folder (`..`, absolute paths, symbolic links pointing out).
import { readdir, readFile, realpath } from "node:fs/promises";
import { extname, isAbsolute, join, relative, sep } from "node:path";

/** Every file under `dir`, relative to it with '/' separators, sorted; temp files of atomic writes are left out. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith("."))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join("/"))
    .sort();
}

/** Content types of the files a run holds; anything else is served as plain text or bytes, never as a page. */
const TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".csv": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".yml": "text/plain; charset=utf-8",
  MLmodel: "text/plain; charset=utf-8",
};

/** The content type a run file is served with. */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? TYPES[path.split("/").at(-1) ?? ""] ?? "application/octet-stream";
}

/**
 * The bytes of `path` (relative, '/'-separated) inside `dir`, or undefined when the path leaves `dir` (by `..`, an
 * absolute path or a symbolic link) or names no file.
 */
export async function readInside(dir: string, path: string): Promise<Uint8Array | undefined> {
  if (path === "" || path.includes("\0") || isAbsolute(path) || path.split(/[/\\]/).some((p) => p === ".." || p === ""))
    return undefined;
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(join(dir, path))]);
    const rel = relative(root, real);
    if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return undefined;
    return await readFile(real);
  } catch {
    return undefined; // missing, a folder, unreadable: not a file of this run
  }
}
