import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { bundleRef, loadSpecFiles, SPEC_DIR } from "./spec-schemas.js";

// biome-ignore lint/suspicious/noExplicitAny: Swagger documents are untyped JSON.
type Json = any;

/** One REST operation of the spec, with what the fake needs to check and answer it. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  readonly template: string;
  /** Definition key of the body parameter, if the operation takes a body. */
  readonly bodyKey?: string;
  /** Definition key of each documented response status ("default" = error). */
  readonly responseKeys: Readonly<Record<string, string | undefined>>;
  readonly longRunning: boolean;
  readonly finalStateVia?: string;
  /** The spec's examples for the operation whose files are present (the reference keeps 8). */
  readonly examples: readonly Json[];
  match(path: string): Record<string, string> | undefined;
}

const keyOf = (file: string, schema: Json): string | undefined =>
  schema?.$ref ? bundleRef(file, schema.$ref).slice("#/definitions/".length) : undefined;

const cache = new Map<string, SpecOperation[]>();

/** Every operation of mfe.json (jobs, assets, endpoints, deployments), with its path matcher; read once. */
export function loadOperations(file = join(SPEC_DIR, "mfe.json")): SpecOperation[] {
  const path = resolve(file);
  const cached = cache.get(path);
  if (cached) return cached;
  const doc = loadSpecFiles(path).get(path);
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries<Json>(doc.paths)) {
    const names: string[] = [];
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const regex = new RegExp(`^${pattern}$`, "i");
    for (const [method, op] of Object.entries<Json>(item)) {
      if (method === "parameters") continue;
      const body = (op.parameters ?? []).find((p: Json) => p.in === "body");
      const responseKeys: Record<string, string | undefined> = {};
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        responseKeys[status] = keyOf(path, response.schema);
      }
      const examples = Object.values<Json>(op["x-ms-examples"] ?? {})
        .map((ref) => resolve(dirname(path), ref.$ref as string))
        .filter((file) => existsSync(file))
        .map((file) => JSON.parse(readFileSync(file, "utf8")));
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        bodyKey: body ? keyOf(path, body.schema) : undefined,
        responseKeys,
        longRunning: op["x-ms-long-running-operation"] === true,
        finalStateVia: op["x-ms-long-running-operation-options"]?.["final-state-via"],
        examples,
        match(requestPath) {
          const m = regex.exec(requestPath);
          if (!m) return undefined;
          return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        },
      });
    }
  }
  cache.set(path, operations);
  return operations;
}

/** The example closest to a request: same `jobType` / `endpointComputeType` when the operation has several. */
export function exampleFor(op: SpecOperation, body: Json): Json | undefined {
  const kind = (e: Json) =>
    e.parameters?.body?.properties?.jobType ?? e.parameters?.body?.properties?.endpointComputeType;
  const wanted = body?.properties?.jobType ?? body?.properties?.endpointComputeType;
  return op.examples.find((e) => wanted !== undefined && kind(e) === wanted) ?? op.examples[0];
}
