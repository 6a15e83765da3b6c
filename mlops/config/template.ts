import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { CliError } from "../errors/index.js";

const PIPELINES_DIR = join(import.meta.dirname, "..", "..", ".pipelines");
const SUFFIX = "-variables-template.yml";

/** The variables template in a `.pipelines` folder: the one `*-variables-template.yml` (or a placeholder path). */
export function findTemplate(dir: string): string {
  // Found by suffix rather than named, so the project name lives only in the file name (bootstrap renames it).
  let found: string[] = [];
  try {
    found = readdirSync(dir).filter((f) => f.endsWith(SUFFIX));
  } catch {}
  return join(dir, found.length === 1 ? found[0] : `<project>${SUFFIX}`);
}

/** Absolute path of this repository's variables template (`.pipelines/<project>-variables-template.yml`). */
export const TEMPLATE_FILE: string = findTemplate(PIPELINES_DIR);

/**
 * Reads an Azure DevOps variables template: `variables:` as a list of `- name: X` / `value: ...` entries (or the
 * `KEY: value` mapping form). `- group:` entries are DevOps library groups that exist only in DevOps; they are
 * skipped. Values are returned as text, in file order.
 */
export function readTemplate(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const hint = file.includes("<project>") ? ` (expected exactly one *${SUFFIX} in ${PIPELINES_DIR})` : "";
    throw new CliError(`cannot read the variables template ${file}${hint}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  const variables = (doc as { variables?: unknown } | null)?.variables;
  const out = new Map<string, string>();
  const bad = (what: string): never => {
    throw new CliError(`${file}: ${what}; expected 'variables:' with '- name: X' / 'value: ...' entries`);
  };
  if (Array.isArray(variables)) {
    for (const [i, entry] of variables.entries()) {
      if (entry && typeof entry === "object" && "group" in entry) continue;
      const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
      if (typeof name !== "string" || name === "") bad(`entry ${i + 1} has no 'name'`);
      if (!isScalar(value)) bad(`variable ${name} has no scalar 'value'`);
      if (out.has(name as string)) bad(`variable ${name} is defined twice`);
      out.set(name as string, value === null ? "" : String(value));
    }
  } else if (variables && typeof variables === "object") {
    for (const [name, value] of Object.entries(variables)) {
      if (!isScalar(value)) bad(`variable ${name} has no scalar value`);
      out.set(name, value === null ? "" : String(value));
    }
  } else {
    bad("no 'variables:' list");
  }
  return out;
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
