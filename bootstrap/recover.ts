// Recovery from a rename that was killed half-way (kill -9, power loss, a closed terminal): its journal says what
// every operation does, the tree says which are done. Both directions are idempotent: killed again, they are run
// again.
import { relative } from "node:path";
import { doneOps, endJournal, type Journal, performOp, undoOp } from "./journal.js";

/** What was found: `found an interrupted rename a → b (journal in DIR): K of N operations were done`. */
function found(journal: Journal, done: readonly boolean[]): string {
  const where = relative(journal.root, journal.dir) || journal.dir;
  const k = done.filter(Boolean).length;
  return `found an interrupted rename ${journal.from} → ${journal.to} (journal in ${where}): ${k} of ${done.length} operations were done`;
}

/** Does the operations not done yet, then removes the journal; returns the line saying what it found and did. */
export async function completeRename(journal: Journal): Promise<string> {
  const done = await doneOps(journal);
  const line = found(journal, done);
  for (let i = 0; i < done.length; i++) if (!done[i]) await performOp(journal, i);
  await endJournal(journal);
  return `bootstrap: ${line}; did the other ${done.filter((d) => !d).length}: the rename is complete`;
}

/** Undoes the done operations, last first, then removes the journal; returns what it found and did. */
export async function rollBackRename(journal: Journal): Promise<string> {
  const done = await doneOps(journal);
  const line = found(journal, done);
  for (let i = done.length - 1; i >= 0; i--) if (done[i]) await undoOp(journal, i);
  await endJournal(journal);
  return `bootstrap --rollback: ${line}; undid them: the tree is as it was before the rename`;
}
