import { type Hyperparameters, knobName, type ParamValue, parseParam } from "../contract/index.js";
import { Problems, UsageError } from "../errors/index.js";
import { projectModel } from "../project/index.js";
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
  /** The model's declared hyperparameters, each a TRAIN_<NAME> knob (default: the project's model). */
  readonly hyperparameters?: Hyperparameters;
}

/** The knob prefix of hyperparameters; the machinery's own TRAIN_ knobs are in SCHEMA. */
const TRAIN_PREFIX = "TRAIN_";

/**
 * Loads the pipeline variables with precedence `--set` > environment > template and types them: the machinery's
 * knobs by SCHEMA, the model's hyperparameters (TRAIN_<NAME>) by their declarations, absent ones taking their
 * declared defaults. Every problem (unknown `--set` key, a TRAIN_ knob the model does not declare, bad boolean, a
 * hyperparameter out of its range...) is collected and thrown once as a UsageError naming each variable and value.
 */
export function loadVariables(options: LoadVariablesOptions = {}): Variables {
  const file = options.file ?? TEMPLATE_FILE;
  const env = options.env ?? process.env;
  const declared = options.hyperparameters ?? projectModel.hyperparameters;
  const knobs = new Map(Object.keys(declared).map((name) => [knobName(name), name]));
  const raw = readTemplate(file);
  const problems = new Problems();
  const known = (name: string) => raw.has(name) || Object.hasOwn(SCHEMA, name) || knobs.has(name);

  // Environment second: Azure DevOps turns pipeline variables into environment variables of the same name.
  for (const name of new Set([...raw.keys(), ...Object.keys(SCHEMA), ...knobs.keys()])) {
    const value = env[name];
    if (value !== undefined) raw.set(name, value);
  }
  for (const item of options.set ?? []) {
    const eq = item.indexOf("=");
    const name = eq > 0 ? item.slice(0, eq).trim() : "";
    if (name === "") {
      problems.add(`--set expects KEY=VALUE, got '${item}'`);
    } else if (!known(name)) {
      const all = [...new Set([...Object.keys(SCHEMA), ...knobs.keys(), ...raw.keys()])].join(", ");
      problems.add(`--set ${name}: unknown variable '${name}' (known: ${all})`);
    } else {
      raw.set(name, item.slice(eq + 1));
    }
  }

  const typed: Record<string, unknown> = {};
  const hyperparameters: Record<string, ParamValue> = {};
  const extra: Record<string, string> = {};
  for (const [name, value] of raw) {
    if (Object.hasOwn(SCHEMA, name) || knobs.has(name)) continue;
    if (name.startsWith(TRAIN_PREFIX)) {
      const own = [...knobs.keys()].join(", ") || "none";
      problems.add(
        `${name} is not a knob of this model: ${projectOrGiven(options)} declares the hyperparameters ${own} ` +
          `(a TRAIN_ knob names a declared hyperparameter, or one of ${Object.keys(SCHEMA)
            .filter((k) => k.startsWith(TRAIN_PREFIX))
            .join(", ")}); remove it from ${file}`,
      );
    } else extra[name] = value;
  }
  for (const [knob, name] of knobs) {
    const value = raw.get(knob);
    if (value === undefined) hyperparameters[name] = declared[name].default;
    else {
      try {
        hyperparameters[name] = parseParam(name, declared[name], value);
      } catch (error) {
        problems.add(`${knob}: ${(error as Error).message}`);
      }
    }
  }
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
  return Object.freeze({
    ...(typed as TypedVariables),
    hyperparameters: Object.freeze(hyperparameters),
    extra: Object.freeze(extra),
  });
}

function projectOrGiven(options: LoadVariablesOptions): string {
  return options.hyperparameters ? "the model" : `model ${projectModel.name} (training/)`;
}

/**
 * The variables as text (`KEY` → value), e.g. for a run record or to pass to a cloud job: the machinery's knobs,
 * the hyperparameters' TRAIN_<NAME> knobs, then the extra variables.
 */
export function variablesAsText(variables: Variables): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(SCHEMA) as VariableName[]) {
    const value = variables[name];
    out[name] = Array.isArray(value) ? value.join(",") : String(value);
  }
  for (const [name, value] of Object.entries(variables.hyperparameters)) out[knobName(name)] = String(value);
  return { ...out, ...variables.extra };
}
