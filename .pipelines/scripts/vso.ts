/**
 * Azure Pipelines logging commands (`##vso[area.action prop=value;]message`), escaped the way the agent unescapes
 * them: a message or property value with a newline, `%`, `;` or `]` would otherwise cut the command short.
 * Scripts print them with `emit`, which gives GitHub Actions their GitHub forms (github.ts).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { applyGithub, githubForms } from "./github.js";

function escapeData(text: string): string {
  return text.replaceAll("%", "%AZP25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(";", "%3B").replaceAll("]", "%5D");
}

/** One logging command line. */
export function vso(command: string, properties: Readonly<Record<string, string>> = {}, message = ""): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)};`)
    .join("");
  return `##vso[${command}${props ? ` ${props}` : ""}]${escapeData(message)}`;
}

/**
 * `task.setvariable`. `output`: later jobs read it as `<step name>.<name>`; `secret`: masked in logs and not exported
 * to later steps' environment (they reference it as `$(name)`).
 */
export function setVariable(
  name: string,
  value: string,
  options: { readonly output?: boolean; readonly secret?: boolean } = {},
): string {
  const props: Record<string, string> = { variable: name };
  if (options.output) props.isOutput = "true";
  if (options.secret) props.issecret = "true";
  return vso("task.setvariable", props, value);
}

/** A warning or error shown on the run's summary page. */
export function logIssue(type: "warning" | "error", message: string): string {
  return vso("task.logissue", { type }, message);
}

/** Adds a tag to the build; pipeline-resource triggers can filter on it. */
export function addBuildTag(tag: string): string {
  return vso("build.addbuildtag", {}, tag);
}

/** Attaches a Markdown file to the run's summary page. */
export function uploadSummary(markdownFile: string): string {
  return vso("task.uploadsummary", {}, markdownFile);
}

/** Sets the current step's result, e.g. SucceededWithIssues for a run that ended without a new model. */
export function completeTask(result: "Succeeded" | "SucceededWithIssues" | "Failed", message = ""): string {
  return vso("task.complete", { result }, message);
}

/**
 * Prints a line a script produced: as it is for Azure DevOps (and anywhere else), in its GitHub form (github.ts)
 * inside a GitHub Actions job, which sets GITHUB_ACTIONS=true for every step.
 */
export function emit(line: string, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (env.GITHUB_ACTIONS === "true") applyGithub(githubForms(line), env);
  else console.log(line);
}

/**
 * Runs `main` when `moduleUrl` is the script node was started with (not when a test imports it). A thrown error
 * becomes one error issue on the run, exit code 1.
 */
export function runAsScript(moduleUrl: string, label: string, main: (argv: string[]) => Promise<number>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      emit(logIssue("error", `${label}: ${error instanceof Error ? error.message : String(error)}`));
      process.exitCode = 1;
    },
  );
}
