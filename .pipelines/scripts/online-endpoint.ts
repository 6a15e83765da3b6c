/**
 * The deploy pipeline's hold on the online endpoint, around `mlops deploy` (blue/green) and `mlops smoke-test`:
 * - `save-traffic --file F`: records the endpoint's traffic split before the deployment;
 * - `connection`: sets SCORING_URI and the secret SCORING_KEY (the endpoint key, or a token for token-auth
 *   endpoints) for the smoke test;
 * - `restore-traffic --file F`: the rollback — puts the recorded split back, so requests go to the deployment that
 *   served them before (which blue/green leaves in place).
 *
 * Workspace: AZURE_SUBSCRIPTION_ID, RESOURCE_GROUP, WORKSPACE_NAME (else the stacks' names for MLOPS_ENVIRONMENT);
 * endpoint: --endpoint, else the stacks' online endpoint name.
 *
 * Usage: npx tsx .pipelines/scripts/online-endpoint.ts save-traffic|connection|restore-traffic [--file F] [--endpoint E]
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { ML_SCOPE } from "../../mlops/azure/batch/invoke.js";
import { step } from "../../mlops/azure/client/errors.js";
import { type AzureContext, withDeadline } from "../../mlops/azure/context.js";
import { openSession, type SessionOptions } from "../../mlops/azure/session.js";
import { resolveWorkspace, stackNames } from "../../mlops/azure/workspace.js";
import { loadVariables } from "../../mlops/config/index.js";
import { writeJsonAtomic } from "../../mlops/fs/index.js";
import { emit, runAsScript, setVariable } from "./vso.js";

/** Test seams: the environment, a session against a local ARM. */
interface EndpointDeps {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly session?: Partial<SessionOptions>;
}

/** `save-traffic`'s file. */
export interface TrafficRecord {
  readonly endpoint: string;
  readonly traffic: Readonly<Record<string, number>>;
}

/** The session and the endpoint's name. */
async function openEndpoint(endpoint: string | undefined, deps: EndpointDeps = {}) {
  const env = deps.env ?? process.env;
  const workspace = await resolveWorkspace(loadVariables({ env }), { env });
  const name = endpoint ?? (await stackNames(env.MLOPS_ENVIRONMENT ?? "dev", env)).onlineEndpoint;
  const { ctx } = await openSession({ workspace, ...deps.session });
  return { ctx, name };
}

function readEndpoint(ctx: AzureContext, name: string) {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  return step(`reading online endpoint ${name}`, () => ctx.client.onlineEndpoints.get(rg, ws, name));
}

/** Writes the endpoint's current traffic split to `file`. */
export async function saveTraffic(ctx: AzureContext, name: string, file: string): Promise<TrafficRecord> {
  const endpoint = await readEndpoint(ctx, name);
  const record = { endpoint: name, traffic: endpoint.properties.traffic ?? {} };
  await writeJsonAtomic(file, record);
  ctx.log(`traffic of ${name} before deployment: ${JSON.stringify(record.traffic)}`);
  return record;
}

/** Puts the recorded traffic split back (no change when it is already in place). */
export async function restoreTraffic(ctx: AzureContext, record: TrafficRecord): Promise<void> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const endpoint = await readEndpoint(ctx, record.endpoint);
  const now = endpoint.properties.traffic ?? {};
  if (JSON.stringify(now) === JSON.stringify(record.traffic)) {
    ctx.log(`traffic of ${record.endpoint} is already ${JSON.stringify(now)}`);
    return;
  }
  ctx.log(`rollback: traffic of ${record.endpoint} ${JSON.stringify(now)} → ${JSON.stringify(record.traffic)}`);
  const body = { ...endpoint, properties: { ...endpoint.properties, traffic: { ...record.traffic } } };
  await step(`restoring traffic of ${record.endpoint}`, () =>
    withDeadline(ctx, `restoring traffic of ${record.endpoint}`, (lro) =>
      ctx.client.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, record.endpoint, body, lro),
    ),
  );
}

/**
 * The scoring URI and what authorizes a request: the primary key (key auth), an Azure ML token (aml_token) or a
 * Microsoft Entra token (aad_token).
 */
export async function connection(ctx: AzureContext, name: string): Promise<{ uri: string; key: string }> {
  const { resourceGroup: rg, workspaceName: ws } = ctx.workspace;
  const endpoint = await readEndpoint(ctx, name);
  const uri = endpoint.properties.scoringUri;
  if (!uri) throw new Error(`online endpoint ${name} has no scoring URI yet (is it provisioned?)`);
  let key: string | undefined;
  if (endpoint.properties.authMode === "AADToken") {
    key = (await ctx.credential.getToken(ML_SCOPE))?.token;
  } else if (endpoint.properties.authMode === "AMLToken") {
    key = (await step(`getting a token for ${name}`, () => ctx.client.onlineEndpoints.getToken(rg, ws, name)))
      .accessToken;
  } else {
    key = (await step(`reading the keys of ${name}`, () => ctx.client.onlineEndpoints.listKeys(rg, ws, name)))
      .primaryKey;
  }
  if (!key) throw new Error(`online endpoint ${name} (${endpoint.properties.authMode}) gave no key or token`);
  return { uri, key };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { file: { type: "string" }, endpoint: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [action] = positionals;
  const usage = "usage: online-endpoint.ts save-traffic|connection|restore-traffic [--file F] [--endpoint E]";
  if (positionals.length !== 1 || !["save-traffic", "connection", "restore-traffic"].includes(action)) {
    throw new Error(usage);
  }
  if (action !== "connection" && !values.file) throw new Error(`${action} needs --file F (${usage})`);
  const { ctx, name } = await openEndpoint(values.endpoint);
  if (action === "save-traffic") await saveTraffic(ctx, name, values.file as string);
  if (action === "restore-traffic") {
    const record = JSON.parse(await readFile(values.file as string, "utf8")) as TrafficRecord;
    await restoreTraffic(ctx, record);
  }
  if (action === "connection") {
    const { uri, key } = await connection(ctx, name);
    console.log(`scoring URI: ${uri}`);
    emit(setVariable("SCORING_URI", uri));
    emit(setVariable("SCORING_KEY", key, { secret: true }));
  }
  return 0;
}

runAsScript(import.meta.url, "online-endpoint", main);
