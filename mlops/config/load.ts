import { Problems, UsageError } from "../errors/index.js";
import { crossCheck, SCHEMA, type TypedVariables, type VariableName, type Variables } from "./schema.js";
import { readTemplate, TEMPLATE_FILE } from "./template.js";

/** Where the values come from; every field is optional. */
export interface LoadVariablesOptions {
  /** `KEY=VALUE` overrides (the CLI's repeatable `--set`); highest precedence. */
  readonly set?: readonly string[];
  /** Environment variables (default `process.env`); a variable named like a template variable overrides it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The variables template (default: this repository's `TEMPLATE_FILE`). */
  readonly file?: string;
}

/**
 * Loads the pipeline variables with precedence `--set` > environment > template and types them.
 * Every problem (unknown `--set` key, bad boolean, non-numeric count, missing variable...) is collected and thrown
 * once as a UsageError naming each variable and its value.
 */
export function loadVariables(options: LoadVariablesOptions = {}): Variables {
  const file = options.file ?? TEMPLATE_FILE;
  const env = options.env ?? process.env;
  const raw = readTemplate(file);
  const problems = new Problems();

  // Environment second: Azure DevOps turns pipeline variables into environment variables of the same name.
  for (const name of new Set([...raw.keys(), ...Object.keys(SCHEMA)])) {
    const value = env[name];
    if (value !== undefined) raw.set(name, value);
  }
  for (const item of options.set ?? []) {
    const eq = item.indexOf("=");
    const name = eq > 0 ? item.slice(0, eq).trim() : "";
    if (name === "") {
      problems.add(`--set expects KEY=VALUE, got '${item}'`);
    } else if (!raw.has(name) && !Object.hasOwn(SCHEMA, name)) {
      const known = [...new Set([...Object.keys(SCHEMA), ...raw.keys()])].join(", ");
      problems.add(`--set ${name}: unknown variable '${name}' (known: ${known})`);
    } else {
      raw.set(name, item.slice(eq + 1));
    }
  }

  const typed: Record<string, unknown> = {};
  const extra: Record<string, string> = {};
  for (const [name, value] of raw) if (!Object.hasOwn(SCHEMA, name)) extra[name] = value;
  for (const [name, spec] of Object.entries(SCHEMA)) {
    const value = raw.get(name);
    if (value === undefined) {
      problems.add(`${name} is missing: add it to ${file} (${spec.expects}) or pass --set ${name}=...`);
      continue;
    }
    try {
      typed[name] = spec.parse(value);
    } catch (error) {
      problems.add(`${name} ${(error as Error).message}`);
    }
  }
  if (problems.count === 0) for (const p of crossCheck(typed as TypedVariables)) problems.add(p);
  problems.throwIfAny((m) => new UsageError(`variables: ${m}`));
  return Object.freeze({ ...(typed as TypedVariables), extra: Object.freeze(extra) });
}

/** The variables as text (`KEY` → value), e.g. for a run record or to pass to a cloud job as environment. */
export function variablesAsText(variables: Variables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(SCHEMA) as VariableName[]) {
    const value = variables[name];
    out[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return { ...out, ...variables.extra };
}
