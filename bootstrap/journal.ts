// The journal of a rename in progress: what every operation writes or moves, the bytes before and after, and where
// the tree is. It lives outside the tree — in the git directory (`.git/mlops-bootstrap/`), or beside the tree
// when it is not a checkout — so `git add -A` never takes it, and so do the temp files each write goes through.
// A rename killed at any point (kill -9, power loss) leaves the journal; `journal.json` is written last, by one
// rename, so either the journal is whole or nothing in the tree was changed yet; it is removed by one rename too.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync } from "node:fs";
import { chmod, mkdir, open, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CliError } from "../mlops/errors/index.js";
import { writeFileAtomic } from "../mlops/fs/index.js";

/** A file rewritten: its bytes before and after are files in the journal folder. */
export interface WriteOp {
  readonly kind: "write";
  readonly path: string;
  readonly mode: number;
  readonly before: string;
  readonly after: string;
}
/** A path renamed (a file, or a folder with what it holds). */
export interface RenameOp {
  readonly kind: "rename";
  readonly from: string;
  readonly to: string;
}
export type JournalOp = WriteOp | RenameOp;

/** A rename in progress, as its journal records it. */
export interface Journal {
  /** The journal folder. */
  readonly dir: string;
  readonly root: string;
  /** The snake_case names before and after. */
  readonly from: string;
  readonly to: string;
  /** In the order they are applied: every write, then the renames (deepest first). */
  readonly ops: readonly JournalOp[];
}

/** What is to be done: a file's bytes before and after, or a rename. */
export type PlannedOp =
  | {
      readonly kind: "write";
      readonly path: string;
      readonly mode: number;
      readonly before: Buffer;
      readonly after: Buffer;
    }
  | RenameOp;

const FILE = "journal.json";
const REMOVING = ".removing-";

/** Where the journal of `root` lives: `<git dir>/mlops-bootstrap`, or `<parent>/.<name>.mlops-bootstrap`. */
export function journalDir(root: string): string {
  if (existsSync(join(root, ".git"))) {
    try {
      const gitDir = execFileSync("git", ["rev-parse", "--absolute-git-dir"], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim();
      if (gitDir) return join(gitDir, "mlops-bootstrap");
    } catch {}
  }
  return join(dirname(root), `.${basename(root)}.mlops-bootstrap`);
}

/**
 * The journal found for `root`: whole (a rename was interrupted), a leftover (a folder without `journal.json`: the
 * rename was killed before it changed anything), or none.
 */
export async function findJournal(root: string): Promise<Journal | "leftover" | undefined> {
  const dir = journalDir(root);
  if (!existsSync(dir)) return undefined;
  let text: string;
  try {
    text = await readFile(join(dir, FILE), "utf8");
  } catch {
    return "leftover";
  }
  const journal = JSON.parse(text) as Omit<Journal, "dir">;
  return { ...journal, dir };
}

/** Writes the journal of `ops` (backups first, `journal.json` last); a leftover journal folder is replaced. */
export async function startJournal(
  root: string,
  from: string,
  to: string,
  planned: readonly PlannedOp[],
): Promise<Journal> {
  const dir = journalDir(root);
  await rm(dir, { recursive: true, force: true });
  await sweepRemoved(dir);
  await mkdir(dir, { recursive: true });
  const ops: JournalOp[] = [];
  for (const [i, op] of planned.entries()) {
    if (op.kind === "rename") {
      ops.push(op);
      continue;
    }
    await writeFile(join(dir, `${i}.before`), op.before);
    await writeFile(join(dir, `${i}.after`), op.after);
    ops.push({ kind: "write", path: op.path, mode: op.mode, before: `${i}.before`, after: `${i}.after` });
  }
  const journal: Journal = { dir, root, from, to, ops };
  await durableWrite(join(dir, `${FILE}.tmp`), `${JSON.stringify({ root, from, to, ops }, null, 2)}\n`, 0o644);
  await rename(join(dir, `${FILE}.tmp`), join(dir, FILE));
  return journal;
}

/**
 * Removes the journal in one step — its folder renamed away, then deleted — so a kill leaves either the whole
 * journal (recovery redoes or undoes everything from it) or none (the rename is finished), never a part.
 */
export async function endJournal(journal: Journal): Promise<void> {
  const doomed = `${journal.dir}${REMOVING}${process.pid}-${randomBytes(4).toString("hex")}`;
  await rename(journal.dir, doomed);
  await rm(doomed, { recursive: true, force: true });
  await sweepRemoved(journal.dir);
}

/** Journal folders renamed away for removal by a process killed before it deleted them. */
async function sweepRemoved(dir: string): Promise<void> {
  const prefix = `${basename(dir)}${REMOVING}`;
  for (const entry of await readdir(dirname(dir))) {
    if (entry.startsWith(prefix)) await rm(join(dirname(dir), entry), { recursive: true, force: true });
  }
}

/** Removes a leftover journal folder (one without journal.json). */
export async function removeLeftover(root: string): Promise<void> {
  await rm(journalDir(root), { recursive: true, force: true });
}

/**
 * Which operations are done in the tree now. Every write precedes every rename and each is atomic, so a done
 * rename means everything before it is done. A file holding neither its bytes before nor after (edited since),
 * or a rename whose both or neither ends exist, cannot be told: that is an error naming it.
 */
export async function doneOps(journal: Journal): Promise<boolean[]> {
  const { ops, root } = journal;
  const done: boolean[] = ops.map(() => false);
  const exists = (path: string) => lstatExists(join(root, path));
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (op.kind !== "rename") continue;
    const [from, to] = [exists(op.from), exists(op.to)];
    if (from === to) {
      throw new CliError(
        `cannot tell whether ${op.from} was renamed to ${op.to} (${from ? "both exist" : "neither exists"}); ` +
          `restore the tree with git (git checkout -- . && git clean -fd) and remove ${journal.dir}`,
      );
    }
    if (to) return done.fill(true, 0, i + 1);
  }
  for (const [i, op] of ops.entries()) {
    if (op.kind !== "write") continue;
    const now = await readFile(join(root, op.path)).catch(() => undefined);
    if (now?.equals(await readFile(join(journal.dir, op.after)))) done[i] = true;
    else if (!now?.equals(await readFile(join(journal.dir, op.before)))) {
      throw new CliError(
        `${op.path} was changed since the interrupted rename (it holds neither its text before nor after it); ` +
          `restore it with git, or remove ${journal.dir} and finish by hand`,
      );
    }
  }
  return done;
}

/** Applies operation `i` (forward): a file gets its bytes after (with its mode), a path moves. */
export async function performOp(journal: Journal, i: number): Promise<void> {
  const op = journal.ops[i];
  if (op.kind === "rename") await rename(join(journal.root, op.from), join(journal.root, op.to));
  else await replaceFile(journal, i, op, op.after);
}

/** Undoes operation `i`: a file gets its bytes before back, a path moves back. */
export async function undoOp(journal: Journal, i: number): Promise<void> {
  const op = journal.ops[i];
  if (op.kind === "rename") await rename(join(journal.root, op.to), join(journal.root, op.from));
  else await replaceFile(journal, i, op, op.before);
}

/**
 * Replaces a file of the tree by one rename, from a temp file in the journal folder (outside the tree: a kill
 * leaves no temp file where `git add -A` would take it), mode set before it lands.
 */
async function replaceFile(journal: Journal, i: number, op: WriteOp, bytesFile: string): Promise<void> {
  const bytes = await readFile(join(journal.dir, bytesFile));
  const target = join(journal.root, op.path);
  const temp = join(journal.dir, `${i}.tmp`);
  await durableWrite(temp, bytes, op.mode & 0o7777);
  try {
    await rename(temp, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    // The journal is on another filesystem than the tree (a git directory elsewhere): a temp sibling it is.
    await rm(temp, { force: true });
    await writeFileAtomic(target, bytes);
    await chmod(target, op.mode & 0o7777);
  }
}

/** Writes a file and flushes it to disk (then its rename survives a power loss with its content). */
async function durableWrite(path: string, data: string | Uint8Array, mode: number): Promise<void> {
  const handle = await open(path, "w", mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(path, mode);
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
