// Trials of bootstrap: the real command (`node --import tsx bootstrap/main.ts --name NAME`) in a copy of the
// repository, killed (kill -9) at a random moment — mostly while it applies the rename, sometimes earlier — then
// recovered by the same command or by `--rollback` (seeded choice). The tree must end byte-identical to an
// uninterrupted rename (or to the original tree after --rollback), with no stray file and no journal left.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { copyRepo, removeCopy } from "../../bootstrap/copy-repo.js";
import { currentName } from "../../bootstrap/current-name.js";
import { doneOps, findJournal, journalDir } from "../../bootstrap/journal.js";
import { MANIFEST } from "../../bootstrap/manifest.js";
import { listFiles } from "../../bootstrap/tree.js";
import { fingerprint, gitStatus, REPO_ROOT, resetCopy, runIn } from "../../tests/bootstrap/helpers.js";

/** When, in ms from its start, a real run's journal appeared and was removed, and when it exited. */
interface Timing {
  readonly journal: number;
  readonly gone: number;
  readonly exited: number;
  readonly killed: boolean;
}

/** When to kill a run: `delayMs` after it started, or after its journal appeared (the rename is being applied). */
interface KillPlan {
  readonly after: "start" | "journal";
  readonly delayMs: number;
}

/**
 * Runs the real command in `copy`, watching its journal (every millisecond) to time the kill; kills it (SIGKILL)
 * as `kill` says, unless it has exited by then.
 */
async function realRun(copy: string, name: string, kill?: KillPlan): Promise<Timing> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", "bootstrap/main.ts", "--name", name], {
    cwd: copy,
    stdio: "ignore",
  });
  const file = join(journalDir(copy), "journal.json");
  let journal = -1;
  let gone = -1;
  let timer: NodeJS.Timeout | undefined;
  const killIn = (ms: number) => {
    timer = setTimeout(() => child.kill("SIGKILL"), ms);
  };
  if (kill?.after === "start") killIn(kill.delayMs);
  const watch = setInterval(() => {
    const now = performance.now() - started;
    if (journal < 0 && existsSync(file)) {
      journal = now;
      if (kill?.after === "journal") killIn(kill.delayMs);
    } else if (journal >= 0 && gone < 0 && !existsSync(file)) gone = now;
  }, 1);
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, s) => resolve(s)));
  clearInterval(watch);
  clearTimeout(timer);
  return { journal, gone, exited: performance.now() - started, killed: signal === "SIGKILL" };
}

/** Where a kill landed, for the summary. */
export type BootstrapPhase = "before the journal" | "writing the journal" | "applying" | "after the rename";

/** Outcome of the bootstrap trials. */
export interface BootstrapTrials {
  readonly failures: string[];
  readonly phases: Record<BootstrapPhase, number>;
  readonly recovered: { readonly completed: number; readonly rolledBack: number };
}

/** `count` kill trials of bootstrap on one copy of the repository. */
export async function bootstrapKills(count: number, random: () => number): Promise<BootstrapTrials> {
  const copy = copyRepo(REPO_ROOT, "mlops-stress-bootstrap-");
  const phases: Record<BootstrapPhase, number> = {
    "before the journal": 0,
    "writing the journal": 0,
    applying: 0,
    "after the rename": 0,
  };
  const recovered = { completed: 0, rolledBack: 0 };
  const failures: string[] = [];
  try {
    const current = currentName(copy, MANIFEST, listFiles(copy));
    const name = ["stress_rename", "stress_rename_again"].find((n) => n !== current) as string;
    const original = fingerprint(copy);
    // Two uninterrupted runs time the phases (the shorter apply window is the one kills aim into).
    const whole = await realRun(copy, name);
    const renamed = fingerprint(copy);
    resetCopy(copy);
    const again = await realRun(copy, name);
    const applyMs = Math.min(whole.gone - whole.journal, again.gone - again.journal);
    for (let trial = 0; trial < count; trial++) {
      resetCopy(copy);
      // Three kills in four while the rename is applied (its journal exists), one anywhere before that.
      const early = random() < 0.25;
      const kill: KillPlan = early
        ? { after: "start", delayMs: random() * whole.journal }
        : { after: "journal", delayMs: random() * applyMs * 0.9 };
      const run = await realRun(copy, name, kill);
      const journal = await findJournal(copy);
      let phase: BootstrapPhase;
      if (journal === "leftover") phase = "writing the journal";
      else if (journal !== undefined) {
        phase = "applying";
        await doneOps(journal); // the journal and the tree agree (throws if not)
      } else
        phase =
          fingerprint(copy).size > 0 && equal(fingerprint(copy), renamed) ? "after the rename" : "before the journal";
      phases[phase]++;
      const rollback = random() < 0.5;
      const result = await runIn(copy, rollback ? ["--rollback"] : ["--name", name]);
      const expected = rollback && phase !== "after the rename" ? original : renamed;
      const problems: string[] = [];
      if (result.code !== 0) problems.push(`exit ${result.code}: ${result.stderr}`);
      if (!equal(fingerprint(copy), expected))
        problems.push(`the tree is not ${expected === original ? "the original" : "the renamed"} one`);
      if (existsSync(journalDir(copy))) problems.push("the journal is still there");
      if (expected === original && gitStatus(copy) !== "") problems.push(`git status: ${gitStatus(copy)}`);
      if (phase === "applying" && !result.stdout.includes("found an interrupted rename"))
        problems.push("it did not say what it found");
      if (problems.length > 0) {
        failures.push(
          `bootstrap trial ${trial} (killed ${run.killed ? `at ${run.exited.toFixed(0)} ms, ${phase}` : "too late"}, ${rollback ? "--rollback" : "re-run"}): ${problems.join("; ")}`,
        );
      }
      if (rollback) recovered.rolledBack++;
      else recovered.completed++;
    }
  } finally {
    removeCopy(copy);
  }
  return { failures, phases, recovered };
}

function equal(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
