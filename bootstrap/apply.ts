import { chmod, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../mlops/errors/index.js";
import { writeFileAtomic } from "../mlops/fs/index.js";
import type { Plan } from "./plan.js";

type Op =
  | {
      readonly kind: "write";
      readonly path: string;
      readonly before: Buffer;
      readonly after: string;
      readonly mode: number;
    }
  | { readonly kind: "rename"; readonly from: string; readonly to: string };

export interface ApplyOptions {
  /**
   * Test hook: fail on purpose once this many operations are done (BOOTSTRAP_FAIL_AFTER=N), to prove the
   * rollback. N equal to the number of operations fails after the last one.
   */
  readonly failAfter?: number;
}

/** How many files were rewritten and paths renamed. */
export interface ApplyResult {
  readonly writes: number;
  readonly renames: number;
}

/**
 * Applies a plan as one transaction: every file it rewrites is read and backed up first (bytes and mode, plus a
 * journal in a temp folder), then contents are written atomically and paths renamed. On any error, or Ctrl-C, the
 * done operations are undone in reverse order and the tree is exactly as before; the error says so. Nothing is ever
 * deleted from the tree.
 */
export async function applyPlan(root: string, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const ops: Op[] = [];
  for (const change of plan.changes) {
    const before = await readFile(join(root, change.path));
    if (!before.equals(Buffer.from(change.before, "utf8"))) {
      throw new CliError(`${change.path} changed since the plan was made; run again — nothing was changed`);
    }
    const { mode } = await stat(join(root, change.path));
    ops.push({ kind: "write", path: change.path, before, after: change.after, mode });
  }
  for (const r of plan.renames) ops.push({ kind: "rename", from: r.from, to: r.to });

  const backup = await mkdtemp(join(tmpdir(), "mlops-bootstrap-"));
  const journal = ops.map((op, i) => (op.kind === "write" ? { ...op, before: `${i}.orig`, after: undefined } : op));
  for (const [i, op] of ops.entries()) if (op.kind === "write") await writeFile(join(backup, `${i}.orig`), op.before);
  await writeFile(join(backup, "journal.json"), `${JSON.stringify({ root, ops: journal }, null, 2)}\n`);

  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  let done = 0;
  const checkpoint = (): void => {
    if (done === options.failAfter) {
      throw new Error(`injected failure after ${done} of ${ops.length} operations (BOOTSTRAP_FAIL_AFTER=${done})`);
    }
    if (interrupted) throw new Error("interrupted");
  };
  try {
    for (const op of ops) {
      checkpoint();
      await perform(root, op);
      done++;
    }
    checkpoint(); // BOOTSTRAP_FAIL_AFTER=<all operations> fails after the last one: the whole plan is undone
  } catch (error) {
    const failures = await undo(root, ops.slice(0, done));
    const cause = (error as Error).message;
    if (failures.length > 0) {
      throw new CliError(
        `failed after ${done} of ${ops.length} operations (${cause}) and could not undo: ${failures.join("; ")}; ` +
          `the original files and a journal are in ${backup}`,
      );
    }
    await rm(backup, { recursive: true, force: true });
    throw new CliError(`failed after ${done} of ${ops.length} operations (${cause}); every change was undone`);
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
  await rm(backup, { recursive: true, force: true });
  return { writes: ops.filter((o) => o.kind === "write").length, renames: plan.renames.length };
}

async function perform(root: string, op: Op): Promise<void> {
  if (op.kind === "rename") {
    await rename(join(root, op.from), join(root, op.to));
    return;
  }
  await writeFileAtomic(join(root, op.path), op.after);
  await chmod(join(root, op.path), op.mode & 0o7777);
}

/** Undoes done operations, last first; returns what could not be undone. */
async function undo(root: string, done: readonly Op[]): Promise<string[]> {
  const failures: string[] = [];
  for (const op of [...done].reverse()) {
    try {
      if (op.kind === "rename") {
        await rename(join(root, op.to), join(root, op.from));
      } else {
        await writeFileAtomic(join(root, op.path), op.before);
        await chmod(join(root, op.path), op.mode & 0o7777);
      }
    } catch (error) {
      failures.push(`${op.kind === "rename" ? op.to : op.path}: ${(error as Error).message}`);
    }
  }
  return failures;
}
