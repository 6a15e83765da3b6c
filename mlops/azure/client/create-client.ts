import { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import {
  bearerTokenAuthenticationPolicyName,
  type HttpClient,
  type PipelinePolicy,
  retryPolicy,
} from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/identity";
import { ARM_SCOPE } from "./credential.js";
import { armRetryStrategy, type RetryOptions } from "./retry.js";

/** The api-version every call sends: the stable spec the request bodies are validated against. */
export const API_VERSION = "2025-12-01";
/** Azure Resource Manager (public cloud). */
const ARM_ENDPOINT = "https://management.azure.com";

/** How to build the Azure ML management client. */
export interface MlClientOptions {
  readonly subscriptionId: string;
  readonly credential: TokenCredential;
  /** ARM endpoint (default https://management.azure.com); a local fake in the contract tests. */
  readonly endpoint?: string;
  /** The bottom of the pipeline; `--dry-run` passes a recording client. Default: real HTTP. */
  readonly httpClient?: HttpClient;
  /**
   * Permit `http://` endpoints (local fakes only). The SDK's bearer policy refuses non-TLS URLs, so it is replaced
   * by a policy that sets the same `Authorization: Bearer` header from the same credential.
   */
  readonly allowInsecureConnection?: boolean;
  readonly retry?: RetryOptions;
}

/** The SDK client, with api-version 2025-12-01 and the ARM retry policy on its pipeline. */
export function createMlClient(options: MlClientOptions): AzureMachineLearningWorkspaces {
  const endpoint = (options.endpoint ?? ARM_ENDPOINT).replace(/\/+$/, "");
  const client = new AzureMachineLearningWorkspaces(options.credential, options.subscriptionId, {
    endpoint,
    $host: endpoint,
    apiVersion: API_VERSION,
    credentialScopes: ARM_SCOPE,
    httpClient: options.httpClient,
    allowInsecureConnection: options.allowInsecureConnection,
    userAgentOptions: { userAgentPrefix: "mlopsts" },
  });
  client.pipeline.removePolicy({ phase: "Retry" });
  client.pipeline.addPolicy(
    retryPolicy([armRetryStrategy(options.retry)], { maxRetries: options.retry?.maxRetries ?? 6 }),
    {
      phase: "Retry",
    },
  );
  if (options.allowInsecureConnection) {
    client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    client.pipeline.addPolicy(tokenPolicy(options.credential), { phase: "Sign" });
  }
  return client;
}

function tokenPolicy(credential: TokenCredential): PipelinePolicy {
  return {
    name: "mlopsTokenPolicy",
    async sendRequest(request, next) {
      const token = await credential.getToken(ARM_SCOPE, { abortSignal: request.abortSignal });
      if (token) request.headers.set("Authorization", `Bearer ${token.token}`);
      return next(request);
    },
  };
}
