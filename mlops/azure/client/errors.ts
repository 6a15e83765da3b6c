import { isRestError } from "@azure/core-rest-pipeline";
import { CliError } from "../../errors/index.js";
import { isLoginError, LOGIN_HINT } from "./credential.js";

/** What to do about an HTTP status from ARM. */
function fixFor(status: number | undefined): string {
  switch (status) {
    case 401:
      return "log in again ('az login') or check the pipeline identity";
    case 403:
      return "grant the identity 'AzureML Data Scientist' on the workspace (see docs/azure.md)";
    case 404:
      return "check AZURE_SUBSCRIPTION_ID, RESOURCE_GROUP and WORKSPACE_NAME, or create the resource first";
    case 409:
      return "another operation on the same resource is running; retry when it has finished";
    default:
      return "retry later; if it persists, see the activity log of the workspace";
  }
}

/** Turns an SDK / pipeline failure of `what` into the CLI's one-line error. */
function armFailure(what: string, error: unknown): Error {
  if (error instanceof CliError) return error;
  if (isLoginError(error)) return new CliError(LOGIN_HINT);
  if (isRestError(error)) {
    const first = error.message.split("\n")[0];
    const code = error.code ? ` ${error.code}` : "";
    return new CliError(
      `${what} failed: HTTP ${error.statusCode ?? "?"}${code}: ${first} (${fixFor(error.statusCode)})`,
    );
  }
  if (error instanceof Error && error.name === "AbortError")
    return new CliError(`${what} was aborted: ${error.message}`);
  return new CliError(`${what} failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
}

/** Runs `action`, reporting a failure as `armFailure(what, ...)`. */
export async function step<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw armFailure(what, error);
  }
}

/** True when ARM answered 404 (the resource does not exist). */
export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404;
}
