// What the stages of `npm run example:e2e` share: the context they run in and the way they run commands in the copy.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { templateFile } from "./plan.js";

/** What the stages share: the copy, its environment, and a way to run a command in it. */
export interface Context {
  readonly root: string;
  readonly copy: string;
  /** A folder beside the copy for the stages' own files (outside its git tree). */
  readonly scratch: string;
  readonly example: string;
  readonly env: NodeJS.ProcessEnv;
  /** A file's text at the copy's first commit (the project before the swap). */
  before(path: string): string;
  run(
    command: string,
    args: readonly string[],
    options?: { readonly env?: NodeJS.ProcessEnv },
  ): { code: number; stdout: string; stderr: string };
  /** Lines printed after the stages (the measured numbers). */
  readonly notes: string[];
  /** What earlier stages found for later ones: the model version the first `npm start` registered. */
  readonly found: { registered?: string };
}

/** One stage: its name and what it does. */
export interface Stage {
  readonly name: string;
  run(c: Context): Promise<string | undefined> | string | undefined;
}

/** Runs a command in the copy; a non-zero exit throws with the output's last lines. */
export function must(c: Context, command: string, args: readonly string[], lines = 25): string {
  const r = c.run(command, args);
  if (r.code !== 0) {
    // biome and vitest colour their output whatever NO_COLOR says: strip the escapes for a readable log.
    const plain = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
    const tail = plain.trim().split("\n").slice(-lines).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited ${r.code}:\n${tail}`);
  }
  return `${r.stdout}${r.stderr}`;
}

/** `mlops <args>` in the copy, from source, through {@link must}. */
export const cli = (c: Context, ...args: string[]) =>
  must(c, process.execPath, ["--import", "tsx", "mlops/cli/main.ts", ...args]);

/** The registered model's newest version (MODEL_NAME from the copy's variables template). */
export function modelUri(c: Context): string {
  const template = readFileSync(join(c.copy, templateFile(c.copy)), "utf8");
  const name = /- name: MODEL_NAME\n\s*value: "?([^"\n]+)"?/.exec(template)?.[1];
  if (!name) throw new Error(`no MODEL_NAME in ${templateFile(c.copy)}`);
  return `models:/${name}/latest`;
}
