import { existsSync, readFileSync } from "node:fs";
import { type GithubFile, localTarget, parseMapping } from "./files.js";

/** A YAML mapping. */
export type Doc = Record<string, unknown>;

export const isRecord = (value: unknown): value is Doc =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The jobs of a workflow, by id. */
export function jobsOf(doc: Doc): [string, Doc][] {
  return isRecord(doc.jobs) ? Object.entries(doc.jobs).filter((e): e is [string, Doc] => isRecord(e[1])) : [];
}

/** The steps of a job or of a composite action's `runs`. */
export function stepsOf(node: Doc): Doc[] {
  const list = isRecord(node.runs) ? node.runs.steps : node.steps;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}

/** The parsed file a local `uses:` points at (undefined when it does not exist). */
export function localDoc(uses: string): Doc | undefined {
  const path = localTarget(uses);
  return existsSync(path) ? parseMapping(readFileSync(path, "utf8")) : undefined;
}

/** One step, with the composite action it came from ('' for the job's own steps). */
export interface FlatStep {
  readonly step: Doc;
  readonly via: string;
}

/** A job's steps with every local composite action expanded in place (its own steps after the `uses:` step). */
export function flatSteps(steps: readonly Doc[], via = ""): FlatStep[] {
  return steps.flatMap((step) => {
    const uses = typeof step.uses === "string" ? step.uses : "";
    const inner = uses.startsWith("./.github/actions/") ? localDoc(uses) : undefined;
    return [{ step, via }, ...(inner ? flatSteps(stepsOf(inner), uses) : [])];
  });
}

/** The `run:` scripts of a file (workflow jobs or composite steps), with where they are. */
export function runScripts(file: GithubFile): { where: string; run: string }[] {
  const out: { where: string; run: string }[] = [];
  const jobs = file.kind === "action" ? [["(action)", file.doc] as [string, Doc]] : jobsOf(file.doc);
  for (const [id, job] of jobs) {
    for (const [i, step] of stepsOf(job).entries()) {
      if (typeof step.run === "string") out.push({ where: `${file.name} ${id} step ${i + 1}`, run: step.run });
    }
  }
  return out;
}

/** One `uses:` line: what it references and the comment after it. */
export interface UsesLine {
  readonly ref: string;
  readonly comment: string;
  readonly line: number;
}

/** Every `uses:` of a file's text, with its trailing comment (the version of a pinned action). */
export function usesLines(text: string): UsesLine[] {
  return text.split("\n").flatMap((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(?:\s+#\s*(.*?))?\s*$/.exec(line);
    return m ? [{ ref: m[1], comment: m[2] ?? "", line: i + 1 }] : [];
  });
}

/** The GitHub Actions expression `${{ inner }}`, written so that it is not mistaken for a JavaScript template. */
export const expr = (inner: string): string => `\${{ ${inner} }}`;
