import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { MANIFEST } from "./manifest.js";
import { inside, keptFor, keptSpans } from "./scan.js";

function allFiles(root: string, rel = ""): string[] {
  return readdirSync(join(root, rel)).flatMap((name) => {
    const path = rel ? `${rel}/${name}` : name;
    if (path === ".git" || path === "node_modules") return [];
    return statSync(join(root, path)).isDirectory() ? allFiles(root, path) : [path];
  });
}

/**
 * Every spelling of `snake` left anywhere under `root` (the paths and contents of every file, whatever git thinks
 * of it; `.git` and node_modules aside), outside the manifest's kept list, as `path` or `path:line: text`.
 * Deliberately broader than bootstrap's own search: any case, up to two non-alphanumeric characters between the
 * words, inside other words too. Used by tests/bootstrap and bootstrap/e2e.ts to check a rename independently.
 */
export function leftoversOf(root: string, snake: string): string[] {
  const pattern = new RegExp(snake.split("_").join("[^A-Za-z0-9]{0,2}"), "gi");
  const out: string[] = [];
  for (const path of allFiles(root)) {
    const kept = keptFor(path, MANIFEST.kept);
    if (kept.length === 0 && path.match(pattern)) out.push(path);
    const text = readFileSync(join(root, path), "utf8");
    const spans = keptSpans(text, kept);
    for (const m of text.matchAll(pattern)) {
      if (inside(m.index, m.index + m[0].length, spans)) continue;
      out.push(`${path}:${text.slice(0, m.index).split("\n").length}: ${m[0]}`);
    }
  }
  return out;
}
