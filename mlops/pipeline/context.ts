import { execFile } from "node:child_process";

/** Where a run comes from: the Azure DevOps build (when inside one) and the git commit. */
export interface RunContext {
  /** Azure DevOps `Build.BuildId` (env BUILD_BUILDID); empty outside a pipeline. */
  readonly buildId: string;
  /** Azure DevOps `Build.BuildUri` (env BUILD_BUILDURI); empty outside a pipeline. */
  readonly buildUri: string;
  /** `git rev-parse HEAD` of the working folder; empty when it is not a git checkout. */
  readonly gitCommit: string;
}

/** Reads the build variables Azure DevOps exports and the current git commit. */
export async function runContext(
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd = process.cwd(),
): Promise<RunContext> {
  return { buildId: env.BUILD_BUILDID ?? "", buildUri: env.BUILD_BUILDURI ?? "", gitCommit: await gitCommit(cwd) };
}

function gitCommit(cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile("git", ["rev-parse", "HEAD"], { cwd, timeout: 5000 }, (error, stdout) => {
      resolve(error ? "" : stdout.trim());
    });
  });
}
