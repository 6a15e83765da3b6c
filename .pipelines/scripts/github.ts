/**
 * The scripts' logging commands for GitHub Actions. The scripts build Azure DevOps logging commands (vso.ts) and
 * print them through `emit`; in a GitHub Actions job (GITHUB_ACTIONS=true) each becomes its GitHub form:
 *
 * | Azure DevOps                                   | GitHub Actions                                                |
 * | ---------------------------------------------- | ------------------------------------------------------------- |
 * | `task.logissue type=warning\|error` message    | `::warning::message` / `::error::message` (an annotation)      |
 * | `task.setvariable` (later steps of the job)    | `NAME=value` in $GITHUB_ENV                                    |
 * | `task.setvariable isOutput=true`               | `NAME=value` in $GITHUB_OUTPUT (`steps.<id>.outputs.NAME`)     |
 * | `task.setvariable issecret=true`               | `::add-mask::` for each line, then $GITHUB_OUTPUT: a secret is |
 * |                                                | not put in every later step's environment, as in DevOps        |
 * | `build.addbuildtag` tag                        | `::notice title=tag::tag` (GitHub runs carry no tags)          |
 * | `task.uploadsummary` file.md                   | the file's Markdown appended to $GITHUB_STEP_SUMMARY           |
 * | `task.complete result=...`                     | nothing: a GitHub step has no "succeeded with issues"; the     |
 * |                                                | warning annotation is what shows, the exit code the result     |
 *
 * A command without a GitHub form is an error, so a new one cannot be dropped silently.
 */
import { readFileSync } from "node:fs";
import { appendGithubFile, githubFile, githubFileEntry } from "../../mlops/cli/commands/variables.js";

/** What one logging command does on GitHub: a line on stdout, or text appended to one of the job's files. */
export type GitHubEffect =
  | { readonly stdout: string }
  | { readonly file: "GITHUB_ENV" | "GITHUB_OUTPUT" | "GITHUB_STEP_SUMMARY"; readonly text: string }
  | { readonly file: "GITHUB_STEP_SUMMARY"; readonly copyOf: string };

/** A parsed `##vso[area.action prop=value;...]message`, unescaped. */
interface VsoCommand {
  readonly command: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly message: string;
}

// vso.ts escapes '%' as %AZP25 before anything else, so undoing the others first and %AZP25 last is exact.
function unescapeVso(text: string): string {
  return text
    .replaceAll("%3B", ";")
    .replaceAll("%5D", "]")
    .replaceAll("%0D", "\r")
    .replaceAll("%0A", "\n")
    .replaceAll("%AZP25", "%");
}

/** Parses a line vso.ts built; undefined for a plain line. */
export function parseVso(line: string): VsoCommand | undefined {
  const m = /^##vso\[([A-Za-z]+\.[A-Za-z]+)(?: ([^\]]*))?\](.*)$/s.exec(line);
  if (!m) return undefined;
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(";")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`malformed logging command property '${pair}' in ${line}`);
    properties[pair.slice(0, eq)] = unescapeVso(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: unescapeVso(m[3]) };
}

// GitHub's escaping of a workflow command's message (@actions/core command.ts): %, CR and LF.
const escapeData = (text: string) => text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");

/** The GitHub form of one line a script prints (a plain line stays as it is). */
export function githubForms(line: string): GitHubEffect[] {
  const vso = parseVso(line);
  if (!vso) return [{ stdout: line }];
  const { command, properties: p, message } = vso;
  switch (command) {
    case "task.logissue":
      if (p.type !== "warning" && p.type !== "error") throw new Error(`task.logissue type '${p.type}' in ${line}`);
      return [{ stdout: `::${p.type}::${escapeData(message)}` }];
    case "task.setvariable": {
      if (!p.variable) throw new Error(`task.setvariable without a variable: ${line}`);
      const secret = p.issecret === "true";
      const masks = secret ? message.split(/\r?\n/).filter((l) => l !== "") : [];
      const file = secret || p.isOutput === "true" ? "GITHUB_OUTPUT" : "GITHUB_ENV";
      return [
        ...masks.map((m) => ({ stdout: `::add-mask::${escapeData(m)}` })),
        { file, text: githubFileEntry(p.variable, message) },
      ];
    }
    case "build.addbuildtag":
      return [{ stdout: `::notice title=tag::${escapeData(message)}` }];
    case "task.uploadsummary":
      return [{ file: "GITHUB_STEP_SUMMARY", copyOf: message }];
    case "task.complete":
      return [];
    default:
      throw new Error(`no GitHub Actions form for the logging command ${command}: ${line}`);
  }
}

/** Carries out effects in the job described by `env` (GITHUB_ENV, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). */
export function applyGithub(
  effects: readonly GitHubEffect[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  print: (line: string) => void = console.log,
): void {
  for (const effect of effects) {
    if ("stdout" in effect) print(effect.stdout);
    else if ("text" in effect) appendGithubFile(githubFile(effect.file, env), effect.text);
    else appendGithubFile(githubFile(effect.file, env), withNewline(readFileSync(effect.copyOf, "utf8")));
  }
}

const withNewline = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
