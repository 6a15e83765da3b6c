import { staticCredential } from "../../../../mlops/azure/client/credential.js";
import { openSession, type Session, type SessionOptions } from "../../../../mlops/azure/session.js";
import type { WorkspaceRef } from "../../../../mlops/azure/workspace.js";
import { loadVariables, type Variables } from "../../../../mlops/config/index.js";
import type { FakeArm } from "../contract/fake-arm/server.js";

/** The workspace the contract tests use (the spec examples' subscription and names). */
export const WORKSPACE: WorkspaceRef = {
  subscriptionId: "00000000-1111-2222-3333-444444444444",
  resourceGroup: "test-rg",
  workspaceName: "my-aml-workspace",
};

/** Session options that send everything through the SDK pipeline to the local fake, fast. */
export function fakeSessionOptions(fake: FakeArm, lines: string[] = []): Partial<SessionOptions> {
  return {
    endpoint: fake.url,
    allowInsecureConnection: true,
    credential: staticCredential("contract-test-token"),
    retry: { retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    pollIntervalMs: 5,
    lroDeadlineMs: 5000,
    log: (line) => lines.push(line),
  };
}

/** A session on the fake ARM. */
export function fakeSession(
  fake: FakeArm,
  lines: string[] = [],
  extra: Partial<SessionOptions> = {},
): Promise<Session> {
  return openSession({ workspace: WORKSPACE, ...fakeSessionOptions(fake, lines), ...extra });
}

/** The template's variables with overrides, ignoring the environment; the coordinates of {@link WORKSPACE}. */
export function testVariables(...set: string[]): Variables {
  return loadVariables({ set, env: {} });
}

/** Environment for runs against the fake: workspace coordinates and a DevOps build. */
export const RUN_ENV = {
  AZURE_SUBSCRIPTION_ID: WORKSPACE.subscriptionId,
  RESOURCE_GROUP: WORKSPACE.resourceGroup,
  WORKSPACE_NAME: WORKSPACE.workspaceName,
  BUILD_BUILDID: "4711",
  SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
  SYSTEM_TEAMPROJECT: "mlops",
};
