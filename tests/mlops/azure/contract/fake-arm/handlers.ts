import type { SpecOperation } from "../spec-operations.js";
import { armError, type Json, listQuery, resourceFromPut } from "./resources.js";
import type { FakeArmOptions } from "./server.js";

export interface Reply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: Json;
}

interface Lro {
  polls: number;
  readonly kind: "async" | "location";
  readonly finalStatus: number;
  readonly complete: () => void;
}

export interface State {
  readonly resources: Map<string, Json>;
  readonly lros: Map<string, Lro>;
  readonly jobScripts: Map<string, string[]>;
  readonly options: FakeArmOptions;
  nextId: number;
  origin: string;
}

const TERMINAL = new Set(["Completed", "Failed", "Canceled", "NotResponding", "Paused"]);

/** Answers one spec operation from the fake's state. */
export function handleOperation(
  state: State,
  op: SpecOperation,
  params: Record<string, string>,
  url: URL,
  body: Json,
): Reply {
  const path = url.pathname;
  const key = path.toLowerCase();
  const kind = op.operationId.slice(op.operationId.indexOf("_") + 1);
  const existing = state.resources.get(key);
  // POST actions act on the resource their path ends under (`.../jobs/X/cancel` → `.../jobs/X`).
  const target = method(op) === "POST" ? key.slice(0, key.lastIndexOf("/")) : key;
  if (op.operationId === "CodeVersions_CreateOrGetStartPendingUpload") return pendingUpload(state, op, params);
  if (op.operationId === "Jobs_Cancel") return cancelJob(state, target, state.resources.get(target));
  if (op.operationId === "OnlineEndpoints_ListKeys") {
    return state.resources.has(target)
      ? { status: 200, body: { primaryKey: "contract-primary-key", secondaryKey: "contract-secondary-key" } }
      : notFound(path);
  }
  if (op.operationId === "OnlineEndpoints_GetToken") {
    return state.resources.has(target)
      ? {
          status: 200,
          body: { accessToken: "contract-aml-token", tokenType: "Bearer", expiryTimeUtc: 0, refreshAfterTimeUtc: 0 },
        }
      : notFound(path);
  }
  switch (kind) {
    case "CreateOrUpdate": {
      const resource = resourceFromPut(op, path, body, existing);
      if (op.operationId === "Jobs_CreateOrUpdate" && !existing) {
        resource.properties.status = "NotStarted";
        state.jobScripts.set(key, [...(state.options.jobStatuses ?? ["Queued", "Running", "Completed"])]);
      }
      if (!op.longRunning) {
        state.resources.set(key, resource);
        touchContainer(state, path, resource);
        return { status: existing ? 200 : 201, body: resource };
      }
      resource.properties.provisioningState = existing ? "Updating" : "Creating";
      state.resources.set(key, resource);
      const poll = startLro(state, "async", 200, () => {
        resource.properties.provisioningState = "Succeeded";
      });
      return { status: existing ? 200 : 201, headers: { "azure-asyncoperation": poll }, body: resource };
    }
    case "Get":
    case "GetEntity":
      if (!existing) return notFound(path);
      if (op.operationId === "Jobs_Get") advanceJob(state, key, existing);
      return { status: 200, body: existing };
    case "List": {
      const prefix = `${key}/`;
      const children = [...state.resources.entries()]
        .filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes("/"))
        .map(([, v]) => v);
      return { status: 200, body: { value: listQuery(children, url.searchParams) } };
    }
    case "Delete": {
      if (!existing) return { status: 204 };
      const poll = startLro(state, "location", 204, () => state.resources.delete(key));
      return { status: 202, headers: { location: poll } };
    }
    default:
      return { status: 501, body: armError("NotImplemented", op.operationId) };
  }
}

const method = (op: SpecOperation) => op.method;

function notFound(path: string): Reply {
  return { status: 404, body: armError("ResourceNotFound", `${path} was not found`) };
}

function startLro(state: State, kind: Lro["kind"], finalStatus: number, complete: () => void): string {
  const path = `/__lro/${state.nextId++}`;
  state.lros.set(path, { polls: state.options.lroPolls ?? 1, kind, finalStatus, complete });
  return `${state.origin}${path}`;
}

function advanceJob(state: State, key: string, job: Json): void {
  if (TERMINAL.has(job.properties.status)) return;
  const script = state.jobScripts.get(key) ?? [];
  const next = script.shift();
  if (next) job.properties.status = next;
}

function cancelJob(state: State, key: string, job: Json): Reply {
  if (!job) return notFound(key);
  if (TERMINAL.has(job.properties.status)) return { status: 200 };
  job.properties.status = "CancelRequested";
  state.jobScripts.set(key, []);
  const poll = startLro(state, "location", 200, () => {
    job.properties.status = "Canceled";
  });
  return { status: 202, headers: { location: poll } };
}

function pendingUpload(state: State, op: SpecOperation, params: Record<string, string>): Reply {
  const example = structuredClone(op.examples[0]?.responses?.["200"]?.body ?? {});
  const target = state.options.pendingUpload?.(params.name, params.version);
  if (target) {
    example.blobReferenceForConsumption.blobUri = target.blobUri;
    example.blobReferenceForConsumption.credential.sasUri = target.sasUri;
  }
  example.pendingUploadType = "TemporaryBlobReference";
  return { status: 200, body: example };
}

const VERSION_PATH = /^(.*\/(codes|components|environments|models|data)\/[^/]+)\/versions\/([^/]+)$/i;

/**
 * Creating an asset version creates its container and advances `latestVersion` ("The latest version inside this
 * container") and `nextVersion` ("The next auto incremental version"), the container's read-only fields in
 * mfe.json 2025-12-01 (AssetContainer). An auto-incremental counter only moves forward: deleting or archiving a
 * version does not give its number back. A PUT on an existing version is an update (200, "Create or update
 * version"): the last writer's body is what the version holds.
 */
function touchContainer(state: State, path: string, version: Json): void {
  const m = VERSION_PATH.exec(path);
  if (!m) return;
  const key = m[1].toLowerCase();
  const container = state.resources.get(key) ?? {
    id: m[1],
    name: decodeURIComponent(m[1].slice(m[1].lastIndexOf("/") + 1)),
    type: version.type.replace(/\/versions$/, ""),
    properties: { isArchived: false },
    systemData: version.systemData,
  };
  const latest = Number(container.properties.latestVersion);
  const current = Number(m[3]);
  if (!Number.isFinite(latest) || !Number.isFinite(current) || current >= latest) {
    container.properties.latestVersion = decodeURIComponent(m[3]);
  }
  const next = Number(container.properties.nextVersion);
  if (Number.isInteger(current) && !(next > current)) container.properties.nextVersion = String(current + 1);
  state.resources.set(key, container);
}
