import type { AccessToken, TokenCredential } from "@azure/identity";
import { CliError } from "../../errors/index.js";

/** ARM's token scope. */
export const ARM_SCOPE = "https://management.azure.com/.default";

/** `DefaultAzureCredential`: environment, workload identity, managed identity, then the developer logins. */
export async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential();
}

/** A credential that hands out a fixed token: for `--dry-run` (nothing is sent) and local contract fakes. */
export function staticCredential(token = "dry-run-token"): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

const LOGIN_ERRORS = new Set([
  "CredentialUnavailableError",
  "AggregateAuthenticationError",
  "AuthenticationRequiredError",
]);

/** True for @azure/identity's "no usable login" errors. */
export function isLoginError(error: unknown): boolean {
  return error instanceof Error && LOGIN_ERRORS.has(error.name);
}

/** The one line a missing login gets (the credential chain's own message runs to dozens of lines). */
export const LOGIN_HINT =
  "no Azure login found: run 'az login' (local), or configure workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, " +
  "AZURE_FEDERATED_TOKEN_FILE) or a managed identity for the pipeline agent";

/**
 * Gets one token up front so a missing login fails before any bundling or upload, as one line.
 * Other failures (e.g. an expired login) keep their first line.
 */
export async function ensureLogin(credential: TokenCredential, scope = ARM_SCOPE): Promise<void> {
  try {
    const token = await credential.getToken(scope);
    if (!token) throw new CliError(LOGIN_HINT);
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (isLoginError(error)) throw new CliError(LOGIN_HINT);
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0];
    throw new CliError(`Azure login failed: ${first} (run 'az login' again, or check the pipeline's identity)`);
  }
}
