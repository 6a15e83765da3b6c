import { parseArgs } from "node:util";
import { Problems, UsageError } from "../errors/index.js";

/** One command-line flag. */
export interface FlagDef {
  readonly type: "string" | "boolean";
  /** The flag may repeat (`--set A=1 --set B=2`); its value is a string array. */
  readonly multiple?: boolean;
  readonly required?: boolean;
  /** Shown in `--help`, e.g. `FILE`. */
  readonly placeholder?: string;
  readonly description: string;
}

export type FlagDefs = Readonly<Record<string, FlagDef>>;

type ValueOf<D extends FlagDef> = D["type"] extends "boolean"
  ? boolean
  : D["multiple"] extends true
    ? string[]
    : D["required"] extends true
      ? string
      : string | undefined;

/** Parsed flags, typed from their definitions. */
export type Flags<T extends FlagDefs> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/**
 * How parseFlags' messages name the program; the default suits `mlops <command>`. Messages do not start with the
 * command: every caller (the mlops CLI, the Azure step entries, bootstrap) puts its name before its errors.
 */
export interface ParseOptions {
  /** The program as users type it, named in the hint `see '<program> --help'` (default `mlops <command>`). */
  readonly program?: string;
}

/**
 * Parses `argv` strictly: unknown flags, missing values, stray positionals and missing required flags are all
 * reported together in one UsageError that names the command.
 */
export function parseFlags<T extends FlagDefs>(
  command: string,
  argv: readonly string[],
  defs: T,
  naming: ParseOptions = {},
): Flags<T> {
  const program = naming.program ?? `mlops ${command}`;
  const message = (m: string) => `${m} (see '${program} --help')`;
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {};
  for (const [name, def] of Object.entries(defs)) options[name] = { type: def.type, multiple: def.multiple === true };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: attachNegativeNumbers(argv, defs), options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(message((error as Error).message));
  }
  const problems = new Problems();
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(defs)) {
    const value = parsed.values[name];
    if (def.required && (value === undefined || value === "")) {
      problems.add(`--${name} ${def.placeholder ?? "VALUE"} is required`);
    }
    out[name] = def.type === "boolean" ? value === true : def.multiple ? (value ?? []) : value;
  }
  problems.throwIfAny((m) => new UsageError(message(m)));
  return out as Flags<T>;
}

/**
 * node's parseArgs reads `--rate -1` as a flag without a value followed by an unknown option `-1`; attach a
 * negative number to its string flag (`--rate=-1`) so the range check reports it in one line.
 */
function attachNegativeNumbers(argv: readonly string[], defs: FlagDefs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") && !argv[i].includes("=") ? argv[i].slice(2) : undefined;
    const next = argv[i + 1];
    if (name !== undefined && defs[name]?.type === "string" && next !== undefined && /^-\.?\d/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** Converts a flag's text to a number, checking it is finite, optionally an integer and within bounds. */
export function toNumber(
  flag: string,
  raw: string,
  opts: {
    readonly integer?: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly exclusiveMin?: number;
  } = {},
): number {
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  const kind = opts.integer ? "an integer" : "a number";
  if (!Number.isFinite(value) || (opts.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} must be ${kind}, got '${raw}'`);
  }
  if (opts.min !== undefined && value < opts.min) throw new UsageError(`--${flag} must be ≥ ${opts.min}, got ${raw}`);
  if (opts.exclusiveMin !== undefined && value <= opts.exclusiveMin) {
    throw new UsageError(`--${flag} must be > ${opts.exclusiveMin}, got ${raw}`);
  }
  if (opts.max !== undefined && value > opts.max) throw new UsageError(`--${flag} must be ≤ ${opts.max}, got ${raw}`);
  return value;
}

/** Usage text generated from the flag definitions; `program` as in {@link ParseOptions} (default `mlops <command>`). */
export function usage(
  command: string,
  summary: string,
  defs: FlagDefs,
  naming: Pick<ParseOptions, "program"> = {},
): string {
  const lines = [`usage: ${naming.program ?? `mlops ${command}`} [flags]`, "", summary, "", "flags:"];
  for (const [name, def] of Object.entries(defs)) {
    const left = def.type === "boolean" ? `--${name}` : `--${name} ${def.placeholder ?? "VALUE"}`;
    const notes = [def.required ? "required" : "", def.multiple ? "repeatable" : ""].filter(Boolean).join(", ");
    lines.push(`  ${left.padEnd(28)} ${def.description}${notes ? ` (${notes})` : ""}`);
  }
  return lines.join("\n");
}

/** `--dry-run` and `--dry-run-dir` of the commands that call Azure: `what` is the real action (`a real deploy`). */
export function dryRunFlags(what: string) {
  return {
    "dry-run": { type: "boolean", description: `print every call ${what} would make; nothing is sent` },
    "dry-run-dir": { type: "string", placeholder: "DIR", description: "where --dry-run records the calls" },
  } as const;
}

/** Refuses `--dry-run-dir` without `--dry-run` (it would silently do nothing), naming the value and both fixes. */
export function checkDryRunDir(flags: { readonly "dry-run"?: boolean; readonly "dry-run-dir"?: string }): void {
  const dir = flags["dry-run-dir"];
  if (dir !== undefined && !flags["dry-run"]) {
    throw new UsageError(
      `--dry-run-dir needs --dry-run (got --dry-run-dir '${dir}' without it): add --dry-run or drop --dry-run-dir`,
    );
  }
}
