import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

/** The repository root (tests run the real CLI from it, or from a temp copy of it). */
export const REPO = join(import.meta.dirname, "..", "..", "..");

/** A clean environment: no template variables leaking in from the caller's shell, no colours. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NO_COLOR: "1", ...extra };
}

/** What a CLI subprocess did. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `node --import tsx mlops/cli/main.ts ...args` in `cwd` (default the repo). */
export function startCli(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const cwd = options.cwd ?? REPO;
  const child = spawn(process.execPath, ["--import", "tsx", join(cwd, "mlops/cli/main.ts"), ...args], {
    cwd,
    env: options.env ?? cleanEnv(),
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

/** Runs the CLI to completion. */
export function runCli(
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv } = {},
) {
  return startCli(args, options).done;
}
