import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Case } from "./requests.js";

/** Where the committed verdicts are. */
export const VERDICTS_FILE = join(import.meta.dirname, "verdicts.json");

/** One case's committed verdict, and llhttp's answer when it differs (the case then names its RFC clause). */
export interface Verdict {
  readonly verdict: string;
  readonly llhttp?: string;
}

/** verdicts.json: the oracle of the differential test (llhttp differs between Node versions; this file does not). */
export interface VerdictFile {
  /** The Node and llhttp versions the `llhttp` answers were recorded with. */
  readonly recordedWith: string;
  readonly cases: Readonly<Record<string, Verdict>>;
}

export function readVerdicts(): VerdictFile {
  return JSON.parse(readFileSync(VERDICTS_FILE, "utf8")) as VerdictFile;
}

/**
 * What is wrong with the corpus and its verdicts without running anything: a case without a verdict (or the
 * reverse), a verdict that differs from llhttp's without an RFC clause, an RFC clause where llhttp agrees.
 */
export function corpusProblems(cases: readonly Case[], file: VerdictFile): string[] {
  const problems: string[] = [];
  const names = new Set(cases.map((c) => c.name));
  for (const name of Object.keys(file.cases)) if (!names.has(name)) problems.push(`${name}: a verdict without a case`);
  for (const c of cases) {
    const v = file.cases[c.name];
    if (v === undefined) {
      problems.push(`${c.name}: no committed verdict (run the llhttp script with --write)`);
      continue;
    }
    const differs = v.llhttp !== undefined && v.llhttp !== v.verdict;
    if (differs && c.rfc === undefined) problems.push(`${c.name}: differs from llhttp without an RFC clause`);
    if (!differs && c.rfc !== undefined) problems.push(`${c.name}: an RFC clause, but llhttp's answer is the verdict`);
  }
  return problems;
}
