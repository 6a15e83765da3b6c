import { FRAMING_CASES } from "./cases-framing.js";
import { LIMIT_CASES } from "./cases-limits.js";
import { SYNTAX_CASES } from "./cases-syntax.js";
import type { Case } from "./requests.js";

export type { Case } from "./requests.js";

/** The differential corpus: every raw request, its name unique (verdicts.json is keyed by it). */
export const CASES: readonly Case[] = [...FRAMING_CASES, ...SYNTAX_CASES, ...LIMIT_CASES];

const seen = new Set<string>();
for (const c of CASES) {
  if (seen.has(c.name)) throw new Error(`two corpus cases are named ${JSON.stringify(c.name)}`);
  seen.add(c.name);
}
