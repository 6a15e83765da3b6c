import { execFileSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { listFiles } from "./tree.js";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "bootstrap test",
  GIT_AUTHOR_EMAIL: "bootstrap@example.invalid",
  GIT_COMMITTER_NAME: "bootstrap test",
  GIT_COMMITTER_EMAIL: "bootstrap@example.invalid",
};

/** Runs git in `cwd` with a fixed identity; returns stdout. */
export function gitIn(cwd: string, args: readonly string[]): string {
  return execFileSync("git", [...args], { cwd, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
}

/**
 * Copies the repository at `root` as it is now (tracked files plus uncommitted and untracked-but-not-ignored
 * ones, modes kept) into a fresh temp folder, links its node_modules, and commits it all in a new git repository
 * so the copy starts clean. Returns the copy's path; remove it with {@link removeCopy}.
 */
export function copyRepo(root: string, prefix = "mlops-bootstrap-"): string {
  const copy = join(mkdtempSync(join(tmpdir(), prefix)), basename(root));
  for (const file of listFiles(root)) {
    const target = join(copy, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, file), target);
  }
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  gitIn(copy, ["init", "-q", "-b", "main"]);
  // .gitignore's `node_modules/` matches folders only; the link is a file to git.
  appendFileSync(join(copy, ".git", "info", "exclude"), "node_modules\n");
  gitIn(copy, ["add", "-A"]);
  gitIn(copy, ["commit", "-q", "--no-gpg-sign", "-m", "copy"]);
  return copy;
}

/** Removes a copy made by {@link copyRepo} (its temp parent folder, links included, never their targets). */
export function removeCopy(copy: string): void {
  rmSync(dirname(copy), { recursive: true, force: true });
}
