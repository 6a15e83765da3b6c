import { spawnSync } from "node:child_process";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { plannedOps } from "../../bootstrap/apply.js";
import { runBootstrap } from "../../bootstrap/cli.js";
import { gitIn } from "../../bootstrap/copy-repo.js";
import { currentName } from "../../bootstrap/current-name.js";
import { nameForms } from "../../bootstrap/forms.js";
import { type Journal, performOp, startJournal } from "../../bootstrap/journal.js";
import { MANIFEST } from "../../bootstrap/manifest.js";
import { buildPlan } from "../../bootstrap/plan.js";
import { listFiles } from "../../bootstrap/tree.js";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");

/** Output and exit code of one bootstrap run. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs bootstrap in-process on `root` (the same code path as the command, minus process start-up). */
export async function runIn(
  root: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runBootstrap(argv, {
    root,
    env,
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
  });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

/** Runs the real command, `node --import tsx bootstrap/main.ts`, in `root`. */
export function runCommand(root: string, argv: readonly string[], env: Record<string, string> = {}): RunResult {
  const result = spawnSync(process.execPath, ["--import", "tsx", "bootstrap/main.ts", ...argv], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Every path under `root` (files, folders, links; `.git` and the linked node_modules left out) with its type, mode
 * and content bytes: two equal fingerprints mean a byte-identical tree.
 */
export function fingerprint(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (rel: string): void => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (path === ".git" || path === "node_modules") continue;
      const stat = lstatSync(join(root, path));
      const mode = (stat.mode & 0o7777).toString(8);
      if (stat.isDirectory()) {
        out.set(path, `dir ${mode}`);
        visit(path);
      } else {
        out.set(path, `file ${mode} ${readFileSync(join(root, path)).toString("base64")}`);
      }
    }
  };
  visit("");
  return out;
}

/** `git status --porcelain` of a copy: empty when nothing changed. */
export function gitStatus(root: string): string {
  return gitIn(root, ["status", "--porcelain"]);
}

/** Commits everything in a copy (after a rename, so the next run sees a clean tree). */
export function commitAll(root: string, message: string): void {
  gitIn(root, ["add", "-A"]);
  gitIn(root, ["commit", "-q", "--no-gpg-sign", "-m", message]);
}

/** Puts a copy back to its first commit, exactly (cheaper than a new copy). */
export function resetCopy(root: string): void {
  const first = gitIn(root, ["rev-list", "--max-parents=0", "HEAD"]).trim();
  gitIn(root, ["reset", "-q", "--hard", first]);
  gitIn(root, ["clean", "-q", "-f", "-d", "-x", "-e", "node_modules"]);
}

/**
 * Leaves `root` as a rename to `name` killed after `done` operations leaves it: the journal written, the first
 * `done` operations applied, nothing cleaned up. Returns the journal.
 */
export async function interruptAfter(root: string, name: string, done: number): Promise<Journal> {
  const files = listFiles(root);
  const plan = buildPlan(root, files, MANIFEST, nameForms(currentName(root, MANIFEST, files)), nameForms(name));
  const journal = await startJournal(root, plan.from.snake, plan.to.snake, await plannedOps(root, plan));
  for (let i = 0; i < done; i++) await performOp(journal, i);
  return journal;
}
