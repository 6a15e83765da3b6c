import { exampleFor, type SpecOperation } from "../spec-operations.js";

// biome-ignore lint/suspicious/noExplicitAny: ARM resources are untyped JSON here.
export type Json = any;

/** `Microsoft.MachineLearningServices/workspaces/codes/versions` from a path template. */
export function resourceType(template: string): string {
  const provider = template.slice(template.indexOf("/providers/") + "/providers/".length);
  return provider
    .split("/")
    .filter((segment) => !segment.startsWith("{"))
    .join("/");
}

let clock = Date.parse("2026-01-01T00:00:00Z");

/** A fresh systemData block; creation times strictly increase so `createdtime desc` ordering is defined. */
export function systemData(): Json {
  clock += 1000;
  const at = new Date(clock).toISOString();
  return {
    createdAt: at,
    createdBy: "contract-test",
    createdByType: "User",
    lastModifiedAt: at,
    lastModifiedBy: "contract-test",
    lastModifiedByType: "User",
  };
}

/**
 * The stored resource after a PUT: the spec's example response for the operation (its read-only fields such as
 * `status` or `provisioningState`) overlaid with what was sent, under the real id, name and type.
 */
export function resourceFromPut(op: SpecOperation, path: string, body: Json, existing: Json | undefined): Json {
  const responses = exampleFor(op, body)?.responses;
  const example = responses?.[existing ? "200" : "201"]?.body ?? responses?.["200"]?.body;
  // An update keeps what the service set (status, provisioningState); a create starts from the example's.
  const base: Json = existing ? structuredClone(existing) : example ? structuredClone(example) : {};
  const properties = { ...(base.properties ?? {}), ...(body.properties ?? {}) };
  return {
    ...base,
    ...body,
    id: path,
    name: decodeURIComponent(path.slice(path.lastIndexOf("/") + 1)),
    type: resourceType(op.template),
    properties,
    systemData: existing?.systemData ?? systemData(),
  };
}

/**
 * Applies the asset-list query (`listViewType`, `tags=a,b=c`, `$orderBy=createdtime desc`, `$top=n`) to stored
 * resources. `listViewType` (mfe.json 2025-12-01, asset version lists: "View type for including/excluding (for
 * example) archived entities", enum ActiveOnly / ArchivedOnly / All, default ActiveOnly): archived versions are
 * left out unless asked for.
 */
export function listQuery(resources: Json[], query: URLSearchParams): Json[] {
  const view = query.get("listViewType") ?? "ActiveOnly";
  const archived = (r: Json) => r.properties?.isArchived === true;
  let out = resources.filter((r) => (view === "All" ? true : view === "ArchivedOnly" ? archived(r) : !archived(r)));
  const tags = query.get("tags");
  if (tags) {
    for (const clause of tags.split(",")) {
      const [key, value] = clause.split("=");
      out = out.filter((r) => {
        const t = r.properties?.tags ?? {};
        return value === undefined ? key in t : t[key] === value;
      });
    }
  }
  const order = query.get("$orderBy")?.toLowerCase();
  if (order?.startsWith("createdtime")) {
    const sign = order.endsWith("desc") ? -1 : 1;
    out.sort((a, b) => sign * a.systemData.createdAt.localeCompare(b.systemData.createdAt));
  }
  const top = query.get("$top");
  return top ? out.slice(0, Number(top)) : out;
}

/** ARM's error envelope. */
export function armError(code: string, message: string): Json {
  return { error: { code, message } };
}
