import { type PipelineFile, pipelineFiles } from "../../pipelines/lib/files.js";
import { closure } from "../../pipelines/lib/variables.js";
import { jobs, walk } from "../../pipelines/lib/walk.js";
import { type GithubFile, githubFiles, localTarget } from "./files.js";
import { type Doc, flatSteps, isRecord, jobsOf, localDoc, stepsOf } from "./steps.js";

/** The knob export: the GitHub twin of including the variables template (Azure DevOps exports its variables). */
export const KNOB_EXPORT = "npm run mlops -- variables --export github-env";

// What counts as a command: npm's install, test and scripts, .pipelines/scripts through tsx, and installed binaries
// through `npx --no --`. A script line may hold several (`a && b`).
const COMMAND = /\b(?:npm (?:ci|test|run)\b|npx (?:tsx|--no --) )[^\n;&|]*/g;

/**
 * One command as both systems can be compared: tokens with `--silent` dropped, every value that comes from a variable
 * (`$(X)`, `${{ … }}`, `"$X"`) as `<var>`, quotes removed; `npm test`'s own options left out (reporters are per system).
 */
export function normalise(command: string): string {
  const tokens = (command.match(/\S*\$\{\{.*?\}\}\S*|"[^"]*"|'[^']*'|\S+/g) ?? [])
    .filter((t) => t !== "--silent")
    .map((t) => (t.includes("$") ? "<var>" : t.replace(/^["']|["']$/g, "")));
  if (tokens[0] === "npm" && tokens[1] === "test") return "npm test";
  return tokens.join(" ");
}

/** The normalised commands in some script texts. */
export function commandsIn(texts: readonly string[]): string[] {
  return texts.flatMap((t) => [...t.matchAll(COMMAND)].map((m) => normalise(m[0])));
}

/** A DevOps pipeline with every template it includes. */
export function devopsPipeline(name: string): PipelineFile[] {
  const files = pipelineFiles();
  const root = files.find((f) => f.name === `.pipelines/${name}`);
  if (!root) throw new Error(`missing .pipelines/${name}`);
  return closure(root, new Map(files.map((f) => [f.path, f])));
}

/** The scripts of a DevOps pipeline's files: `script:` steps, AzureCLI@2 inline scripts, and the `script` template
 * parameter of azure-cli.yml calls. */
export function devopsScripts(parts: readonly PipelineFile[]): string[] {
  const out: string[] = [];
  for (const p of parts) {
    walk(p.doc, (key, value) => {
      if ((key === "script" || key === "inlineScript") && typeof value === "string") out.push(value);
    });
  }
  return out;
}

/** Every job (and deployment job) of a DevOps pipeline's files. */
export const devopsJobs = (parts: readonly PipelineFile[]) => parts.flatMap((p) => jobs(p.doc));

/** A GitHub workflow with the workflows it calls, transitively. */
export function githubWorkflow(name: string): GithubFile[] {
  const all = githubFiles();
  const find = (path: string) => all.find((f) => f.path === path);
  const root = all.find((f) => f.name === `.github/workflows/${name}`);
  if (!root) throw new Error(`missing .github/workflows/${name}`);
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const [, job] of jobsOf(out[i].doc)) {
      const called = typeof job.uses === "string" ? find(localTarget(job.uses)) : undefined;
      if (called && !out.includes(called)) out.push(called);
    }
  }
  return out;
}

/** The jobs of a workflow and of the workflows it calls; `steps` with composite actions expanded in place. */
export function githubJobs(parts: readonly GithubFile[]): { id: string; job: Doc; steps: Doc[] }[] {
  return parts.flatMap((p) =>
    jobsOf(p.doc)
      .filter(([, job]) => typeof job.uses !== "string")
      .map(([id, job]) => ({ id, job, steps: flatSteps(stepsOf(job)).map((s) => s.step) })),
  );
}

/** The `run:` scripts of a workflow's jobs, composite actions included, in order. */
export function githubRuns(parts: readonly GithubFile[]): string[] {
  return githubJobs(parts).flatMap(({ steps }) => steps.flatMap((s) => (typeof s.run === "string" ? [s.run] : [])));
}

/** Local composite actions a workflow's jobs use (directly or through another action). */
export function localActions(parts: readonly GithubFile[]): string[] {
  const out = new Set<string>();
  for (const { steps } of githubJobs(parts)) {
    for (const s of steps) if (typeof s.uses === "string" && s.uses.startsWith("./")) out.add(s.uses);
  }
  return [...out].filter((u) => localDoc(u) !== undefined && isRecord(localDoc(u)?.runs));
}

/** Commands that read the knobs: everything but installing, linting, type-checking, testing and the export itself. */
const readsKnobs = (run: string) =>
  commandsIn([run]).some((c) => !/^npm (ci|test|run lint|run typecheck)\b/.test(c) && c !== KNOB_EXPORT);

/**
 * Where a job would run without the knobs: a job of the quality gate exports none (its tests write their own
 * template copies, and DevOps unsets them there); every other job exports them before its first command that reads
 * them.
 */
export function knobOrderProblems(parts: readonly GithubFile[], qualityFile: string): string[] {
  const problems: string[] = [];
  for (const part of parts) {
    for (const { id, steps } of githubJobs([part])) {
      const runs = steps.map((s) => (typeof s.run === "string" ? s.run : ""));
      const exported = runs.findIndex((r) => commandsIn([r]).includes(KNOB_EXPORT));
      const reader = runs.findIndex(readsKnobs);
      if (part.name === qualityFile) {
        if (exported >= 0) problems.push(`${part.name} ${id}: the quality gate exports the knobs`);
      } else if (reader >= 0 && (exported < 0 || exported > reader)) {
        problems.push(`${part.name} ${id}: '${commandsIn([runs[reader]])[0]}' runs before the knobs are exported`);
      }
    }
  }
  return problems;
}
