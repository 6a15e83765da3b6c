import { CliError, UsageError } from "../mlops/errors/index.js";
import { parseFlags, usage } from "../mlops/flags/index.js";
import { applyPlan } from "./apply.js";
import { currentName } from "./current-name.js";
import { nameForms } from "./forms.js";
import { findJournal, type Journal, removeLeftover } from "./journal.js";
import { MANIFEST } from "./manifest.js";
import { buildPlan } from "./plan.js";
import { completeRename, rollBackRename } from "./recover.js";
import { formatPlan, nextSteps } from "./report.js";
import { listFiles, uncommittedChanges } from "./tree.js";
import { describeIssues } from "./validate.js";

const FLAGS = {
  name: { type: "string", placeholder: "NAME", description: "the new project name (snake_case; required)" },
  "dry-run": { type: "boolean", description: "print every change and change nothing" },
  force: { type: "boolean", description: "run even if the git working tree has uncommitted changes" },
  rollback: { type: "boolean", description: "undo a rename that was interrupted (killed) half-way" },
} as const;

/** How users run bootstrap (its own npm script): named in usage and error messages. */
const PROGRAM = "npm run bootstrap --";

const SUMMARY =
  "Renames the project (files, paths, package, stack, model and pipeline names) as bootstrap/manifest.ts lists them.";

/** Where bootstrap runs: the repository root, the environment (for the test hook) and where lines go. */
export interface BootstrapContext {
  readonly root: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly print: (line: string) => void;
}

/**
 * `npm run bootstrap -- --name NAME [--dry-run] [--force]`: validates the name, plans every change from the
 * manifest, prints the plan, and (without --dry-run) applies it as one transaction. A rename killed half-way is
 * completed by the same command, or undone by `--rollback`. Resolves to the exit code; failures throw a one-line
 * CliError.
 */
async function bootstrap(argv: readonly string[], context: BootstrapContext): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    context.print(usage("bootstrap", SUMMARY, FLAGS, { program: PROGRAM }));
    return 0;
  }
  const flags = parseFlags("bootstrap", argv, FLAGS, { program: PROGRAM });
  const journal = await findJournal(context.root);
  if (flags.rollback) return rollBack(context, journal);
  if (flags.name === undefined || flags.name === "") {
    throw new UsageError("--name NAME is required (or --rollback, to undo an interrupted rename)");
  }
  const invalid = describeIssues(flags.name);
  if (invalid) throw new UsageError(invalid);
  const failAfter = failAfterHook(context.env.BOOTSTRAP_FAIL_AFTER);
  if (journal === "leftover") {
    await removeLeftover(context.root);
    context.print("bootstrap: found the start of a rename that was stopped before it changed anything; removed it");
  } else if (journal !== undefined) {
    return resume(context, journal, flags.name, flags["dry-run"]);
  }

  const files = listFiles(context.root);
  const from = nameForms(currentName(context.root, MANIFEST, files));
  const to = nameForms(flags.name);
  if (from.snake === to.snake) {
    context.print(`bootstrap: already named ${to.snake}; nothing to do`);
    return 0;
  }
  // Refuse before planning, so a dirty tree gets one clear message rather than a plan it cannot apply.
  if (!flags["dry-run"] && !flags.force) refuseUncommitted(context.root);
  const plan = buildPlan(context.root, files, MANIFEST, from, to);
  for (const line of formatPlan(plan, MANIFEST.kept)) context.print(line);
  if (flags["dry-run"]) {
    context.print("dry run: nothing was changed; run again without --dry-run to apply");
    return 0;
  }
  const result = await applyPlan(context.root, plan, { failAfter });
  context.print(
    `renamed ${from.snake} → ${to.snake}: ${result.writes} files rewritten, ${result.renames} paths renamed`,
  );
  for (const line of nextSteps(from, to)) context.print(line);
  return 0;
}

/** `--rollback`: undoes an interrupted rename, or says there is none. */
async function rollBack(context: BootstrapContext, journal: Awaited<ReturnType<typeof findJournal>>): Promise<number> {
  if (journal === undefined) {
    context.print(
      "bootstrap --rollback: no interrupted rename was found; nothing to undo (a finished rename is undone with git)",
    );
  } else if (journal === "leftover") {
    await removeLeftover(context.root);
    context.print("bootstrap --rollback: found the start of a rename stopped before it changed anything; removed it");
  } else {
    context.print(await rollBackRename(journal));
  }
  return 0;
}

/** The same command again after an interruption: completes the rename the journal records. */
async function resume(context: BootstrapContext, journal: Journal, name: string, dryRun: boolean): Promise<number> {
  if (journal.to !== name || dryRun) {
    throw new CliError(
      `a rename ${journal.from} → ${journal.to} was interrupted (journal in ${journal.dir}): run ` +
        `${PROGRAM} --name ${journal.to} to complete it, or ${PROGRAM} --rollback to undo it, before anything else`,
    );
  }
  context.print(await completeRename(journal));
  for (const line of nextSteps(nameForms(journal.from), nameForms(journal.to))) context.print(line);
  return 0;
}

/** The test hook BOOTSTRAP_FAIL_AFTER=N (see applyPlan), or undefined when unset. */
function failAfterHook(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new UsageError(`BOOTSTRAP_FAIL_AFTER (a test hook) must be a whole number of operations, got '${raw}'`);
  }
  return Number(raw);
}

function refuseUncommitted(root: string): void {
  const changes = uncommittedChanges(root);
  if (changes === undefined) {
    throw new CliError(
      `${root} is not a git repository, so a rename could not be reviewed or undone with git; ` +
        "run `git init && git add -A && git commit -m init` first, or pass --force",
    );
  }
  if (changes.length > 0) {
    const shown = changes
      .slice(0, 3)
      .map((l) => l.trim())
      .join(", ");
    throw new CliError(
      `the working tree has ${changes.length} uncommitted change(s) (${shown}${changes.length > 3 ? ", ..." : ""}); ` +
        "commit or stash them first so the rename is a reviewable commit of its own, or pass --force",
    );
  }
}

/** Runs bootstrap and turns a failure into the one-line message and exit code the command prints. */
export async function runBootstrap(
  argv: readonly string[],
  context: BootstrapContext & { readonly printError: (line: string) => void },
): Promise<number> {
  try {
    return await bootstrap(argv, context);
  } catch (error) {
    context.printError(`bootstrap: ${error instanceof Error ? error.message : String(error)}`);
    if (context.env.MLOPS_DEBUG && error instanceof Error && error.stack) context.printError(error.stack);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
