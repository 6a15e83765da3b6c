import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CliError } from "../mlops/errors/index.js";
import { endJournal, type Journal, type PlannedOp, performOp, startJournal, undoOp } from "./journal.js";
import type { Plan } from "./plan.js";

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
 * Applies a plan as one transaction: every file it rewrites is read and checked against the plan, then a journal
 * (journal.ts: outside the tree) records every operation with the bytes before and after; then contents are
 * replaced atomically and paths renamed. On any error, or Ctrl-C, the done operations are undone in reverse order
 * and the tree is exactly as before; the error says so. A kill -9 leaves the journal: running the same command
 * again completes the rename, `--rollback` undoes it (recover.ts). Nothing is ever deleted from the tree.
 */
export async function applyPlan(root: string, plan: Plan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const planned = await plannedOps(root, plan);
  const journal = await startJournal(root, plan.from.snake, plan.to.snake, planned);

  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
  };
  process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
  const total = planned.length;
  let done = 0;
  const checkpoint = (): void => {
    if (done === options.failAfter) {
      throw new Error(`injected failure after ${done} of ${total} operations (BOOTSTRAP_FAIL_AFTER=${done})`);
    }
    if (interrupted) throw new Error("interrupted");
  };
  try {
    for (let i = 0; i < total; i++) {
      checkpoint();
      await performOp(journal, i);
      done++;
    }
    checkpoint(); // BOOTSTRAP_FAIL_AFTER=<all operations> fails after the last one: the whole plan is undone
  } catch (error) {
    const failures = await undoDone(journal, done);
    const cause = (error as Error).message;
    if (failures.length > 0) {
      throw new CliError(
        `failed after ${done} of ${total} operations (${cause}) and could not undo: ${failures.join("; ")}; ` +
          `the journal is in ${journal.dir}: run npm run bootstrap -- --rollback to try again`,
      );
    }
    await endJournal(journal);
    throw new CliError(`failed after ${done} of ${total} operations (${cause}); every change was undone`);
  } finally {
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
  }
  await endJournal(journal);
  return { writes: plan.changes.length, renames: plan.renames.length };
}

/**
 * The plan's operations in the order they are applied — every write (its file's bytes and mode now, checked
 * against the plan), then the renames — for the journal.
 */
export async function plannedOps(root: string, plan: Plan): Promise<PlannedOp[]> {
  const planned: PlannedOp[] = [];
  for (const change of plan.changes) {
    const before = await readFile(join(root, change.path));
    if (!before.equals(Buffer.from(change.before, "utf8"))) {
      throw new CliError(`${change.path} changed since the plan was made; run again — nothing was changed`);
    }
    const { mode } = await stat(join(root, change.path));
    planned.push({ kind: "write", path: change.path, before, after: Buffer.from(change.after, "utf8"), mode });
  }
  for (const r of plan.renames) planned.push({ kind: "rename", from: r.from, to: r.to });
  return planned;
}

/** Undoes the first `count` operations, last first; returns what could not be undone. */
export async function undoDone(journal: Journal, count: number): Promise<string[]> {
  const failures: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    try {
      await undoOp(journal, i);
    } catch (error) {
      const op = journal.ops[i];
      failures.push(`${op.kind === "rename" ? op.to : op.path}: ${(error as Error).message}`);
    }
  }
  return failures;
}
