import { randomUUID } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { loadVariables, TEMPLATE_FILE, variablesAsText } from "../../config/index.js";
import { CliError, UsageError } from "../../errors/index.js";
import { parseFlags } from "../../flags/index.js";
import type { Command } from "../command.js";

// Where `--export` can send the knobs. GitHub Actions reads KEY=VALUE entries appended to the file $GITHUB_ENV and
// exports them to every later step of the job: the way a workflow gets what Azure DevOps gives a pipeline that
// includes the variables template.
const TARGETS = ["github-env"] as const;

const flags = {
  file: { type: "string", placeholder: "TEMPLATE", description: "the variables template (default: the project's)" },
  set: { type: "string", multiple: true, placeholder: "KEY=VALUE", description: "override a variable" },
  export: {
    type: "string",
    placeholder: "TARGET",
    description: `append the variables to a CI job's environment: ${TARGETS.join(", ")} (the file named by $GITHUB_ENV)`,
  },
  json: { type: "boolean", description: "print the variables as one JSON object" },
} as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One entry of a GitHub Actions file command ($GITHUB_ENV, $GITHUB_OUTPUT): `NAME=value`, or, for a value that spans
 * lines, the delimiter form `NAME<<DELIMITER` / value / `DELIMITER` with a delimiter the value does not contain.
 * Ends with a newline. `delimiter` is for tests; the default is random, as GitHub's own toolkit makes it.
 */
export function githubFileEntry(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (!NAME.test(name)) throw new CliError(`'${name}' cannot be a GitHub Actions variable name (letters, digits, _)`);
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  if (value.includes(delimiter)) throw new CliError(`the value of ${name} contains the delimiter ${delimiter}`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/**
 * The file a GitHub Actions file command appends to, e.g. `GITHUB_ENV`; outside a GitHub job a clear error, ending
 * with `hint` (what to do instead).
 */
export function githubFile(variable: string, env: Readonly<Record<string, string | undefined>>, hint = ""): string {
  const file = env[variable];
  if (!file) throw new CliError(`${variable} is not set: only a GitHub Actions job has the file it names${hint}`);
  if (!existsSync(file)) throw new CliError(`${variable} names ${file}, which does not exist`);
  return file;
}

/**
 * Appends entries to a GitHub Actions file command in one write (the whole set lands, or the step fails with nothing
 * half-written), on a line of its own even when an earlier writer left the last line open.
 */
export function appendGithubFile(file: string, text: string): void {
  const before = readFileSync(file, "utf8");
  appendFileSync(file, before === "" || before.endsWith("\n") ? text : `\n${text}`);
}

export const command: Command = {
  name: "variables",
  summary: "print the pipeline variables as a run sees them, or export them to a CI job (--export github-env)",
  flags,
  async run(argv) {
    const f = parseFlags("variables", argv, flags);
    if (f.export !== undefined && !(TARGETS as readonly string[]).includes(f.export)) {
      throw new UsageError(`--export must be one of ${TARGETS.join(", ")}, got '${f.export}'`);
    }
    if (f.export !== undefined && f.json) throw new UsageError("--json prints, --export appends: pass one of them");
    // The target first: outside a GitHub job the command fails before printing anything.
    const file =
      f.export === "github-env"
        ? githubFile("GITHUB_ENV", process.env, "; elsewhere, leave out --export to print the variables")
        : undefined;
    const text = variablesAsText(loadVariables({ file: f.file ?? TEMPLATE_FILE, set: f.set }));
    if (f.json) {
      console.log(JSON.stringify(text, null, 2));
      return 0;
    }
    for (const [name, value] of Object.entries(text)) console.log(`${name}=${JSON.stringify(value)}`);
    if (file !== undefined) {
      appendGithubFile(
        file,
        Object.entries(text)
          .map(([name, value]) => githubFileEntry(name, value))
          .join(""),
      );
      console.log(`exported ${Object.keys(text).length} variables to $GITHUB_ENV`);
    }
    return 0;
  },
};
