import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

// Build output and local state, skipped when walking a tree that is not a git checkout (git skips them via
// .gitignore). Nothing here is ever the project's source.
const WALK_SKIP = new Set([".git", "node_modules", "cdktf.out", ".mlops", "coverage", "dist", ".gen", ".terraform"]);

const toPosix = (path: string): string => path.split(sep).join("/");

/** Runs git in `root`; undefined when git is missing or `root` is not a checkout. */
function git(root: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync("git", [...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

/** True when `root` is the top of a git checkout (not merely inside one). */
function isGitRoot(root: string): boolean {
  return existsSync(join(root, ".git")) && git(root, ["rev-parse", "--show-toplevel"]) !== undefined;
}

/**
 * The repository's own files, relative and '/'-separated, sorted: tracked and untracked-but-not-ignored files in a
 * git checkout, otherwise a walk that skips build output. Symbolic links are left out (their targets are elsewhere).
 */
export function listFiles(root: string): string[] {
  const listed = isGitRoot(root)
    ? git(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    : undefined;
  const paths = listed === undefined ? walk(root, root) : [...new Set(listed.split("\0").filter(Boolean))];
  return paths.filter((p) => isFile(join(root, p))).sort();
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false; // tracked but deleted in the working tree
  }
}

function walk(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (WALK_SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(root, path));
    else if (entry.isFile()) out.push(toPosix(relative(root, path)));
  }
  return out;
}

/** `git status --porcelain` lines (uncommitted changes and untracked files), or undefined outside a checkout. */
export function uncommittedChanges(root: string): string[] | undefined {
  if (!isGitRoot(root)) return undefined;
  const out = git(root, ["status", "--porcelain"]);
  return out === undefined ? undefined : out.split("\n").filter(Boolean);
}
