import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { loadOperations, type SpecOperation } from "../spec-operations.js";
import { API_VERSION } from "../spec-schemas.js";
import { specValidator } from "../spec-validator.js";
import { handleOperation, type Reply, type State } from "./handlers.js";
import { armError, type Json } from "./resources.js";

/** A failure the fake injects before answering an operation normally. */
export interface Fault {
  readonly operationId: string;
  readonly status: number;
  /** `Retry-After` header value, if any. */
  readonly retryAfter?: string;
  /** How many times (default 1). */
  times?: number;
}

export interface FakeArmOptions {
  readonly faults?: Fault[];
  /** Job statuses after creation, one per GET (default Queued, Running, Completed). */
  readonly jobStatuses?: readonly string[];
  /** In-progress answers before a long-running operation completes (default 1; Infinity never completes). */
  readonly lroPolls?: number;
  /** Where startPendingUpload points (default: the spec example's URIs). */
  readonly pendingUpload?: (name: string, version: string) => { blobUri: string; sasUri: string };
}

/** One request the fake received. */
export interface FakeCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly operationId: string;
  readonly body: Json;
  readonly status: number;
}

export interface FakeArm {
  readonly url: string;
  readonly calls: FakeCall[];
  /** Every contract violation: unknown operation, wrong api-version, missing token, body not valid per spec. */
  readonly violations: string[];
  readonly resources: Map<string, Json>;
  /** Puts a resource in place (e.g. an endpoint whose scoringUri is a local server). */
  seed(path: string, resource: Json): void;
  close(): Promise<void>;
}

let operations: SpecOperation[] | undefined;

/**
 * A local ARM for Microsoft.MachineLearningServices on 127.0.0.1: routes by the spec's paths, checks
 * api-version and the bearer token, validates bodies against the 2025-12-01 definitions, answers from the spec's
 * examples (and validates its own answers), runs long-running operations and injects throttling / 5xx faults.
 */
export async function startFakeArm(options: FakeArmOptions = {}): Promise<FakeArm> {
  operations ??= loadOperations();
  const validator = specValidator();
  const state: State = {
    resources: new Map(),
    lros: new Map(),
    jobScripts: new Map(),
    options,
    nextId: 1,
    origin: "",
  };
  const calls: FakeCall[] = [];
  const violations: string[] = [];
  const check = (where: string, key: string | undefined, value: Json) => {
    if (!key) return;
    for (const problem of validator.check(key, value)) violations.push(`${where}: ${problem}`);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (text) => {
        const url = new URL(req.url ?? "/", state.origin);
        const method = req.method ?? "GET";
        const record = (operationId: string, body: Json, reply: Reply) => {
          calls.push({ method, path: url.pathname, query: url.searchParams, operationId, body, status: reply.status });
          send(res, reply);
        };
        const body = text ? JSON.parse(text) : undefined;
        if (url.pathname.startsWith("/__lro/")) return record("(lro poll)", body, pollLro(state, url.pathname));
        const op = operations?.find((o) => o.method === method && o.match(url.pathname));
        if (!op) {
          violations.push(`no operation in the spec for ${method} ${url.pathname}`);
          return record("(unknown)", body, { status: 404, body: armError("NoRoute", `${method} ${url.pathname}`) });
        }
        const where = `${op.operationId} ${method} ${url.pathname}`;
        if (url.searchParams.get("api-version") !== API_VERSION) {
          violations.push(`${where}: api-version '${url.searchParams.get("api-version")}' is not ${API_VERSION}`);
        }
        if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) violations.push(`${where}: no bearer token`);
        const fault = options.faults?.find((f) => f.operationId === op.operationId && (f.times ?? 1) > 0);
        if (fault) {
          fault.times = (fault.times ?? 1) - 1;
          const headers = fault.retryAfter === undefined ? undefined : { "retry-after": fault.retryAfter };
          return record(op.operationId, body, { status: fault.status, headers, body: armError("Injected", "fault") });
        }
        const before = violations.length;
        if (op.bodyKey) check(`${where} request`, op.bodyKey, body);
        if (violations.length > before) {
          const message = violations.slice(before).join("; ");
          return record(op.operationId, body, { status: 400, body: armError("InvalidRequestContent", message) });
        }
        const reply = handleOperation(state, op, op.match(url.pathname) ?? {}, url, body);
        if (reply.status === 501) violations.push(`${where}: the fake does not implement ${op.operationId}`);
        const responseKey = op.responseKeys[String(reply.status)] ?? op.responseKeys.default;
        if (reply.body !== undefined) check(`${where} response ${reply.status}`, responseKey, reply.body);
        record(op.operationId, body, reply);
      },
      (error: Error) => send(res, { status: 500, body: armError("FakeFailure", error.message) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: state.origin,
    calls,
    violations,
    resources: state.resources,
    seed: (path, resource) => state.resources.set(path.toLowerCase(), resource),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function pollLro(state: State, path: string): Reply {
  const lro = state.lros.get(path);
  if (!lro) return { status: 404, body: armError("NoOperation", path) };
  if (lro.polls > 0) {
    lro.polls -= 1;
    return lro.kind === "async" ? { status: 200, body: { status: "InProgress" } } : { status: 202 };
  }
  lro.complete();
  state.lros.delete(path);
  return lro.kind === "async" ? { status: 200, body: { status: "Succeeded" } } : { status: lro.finalStatus };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.body !== undefined) headers["content-type"] = "application/json; charset=utf-8";
  res.writeHead(reply.status, headers);
  res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
}
