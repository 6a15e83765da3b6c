import { join } from "node:path";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { sha256, writeFileAtomic, writeJsonAtomic } from "../../fs/index.js";
import { mlopsHome } from "../../registry/index.js";
import { answer, type DryRunAssumptions } from "./responder.js";

/** One request the dry run would have sent. */
export interface RecordedCall {
  readonly method: string;
  readonly url: string;
  /** JSON bodies parsed; binary uploads as their size and sha256. */
  readonly body?: unknown;
  /** What the dry run answered. */
  readonly status: number;
}

/**
 * The bottom of the SDK pipeline in `--dry-run`: every request the real run would send reaches it after the same
 * policies (api-version, retries, auth with a placeholder token), is recorded and answered from the spec's examples.
 * Nothing leaves the process.
 */
export class RecordingHttpClient implements HttpClient {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly assume: DryRunAssumptions = {}) {}

  async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const body = await recordBody(request.body);
    const url = new URL(request.url);
    const reply = answer(request.method, url, body, this.assume);
    this.calls.push({
      method: request.method,
      url: request.url,
      ...(body === undefined ? {} : { body }),
      status: reply.status,
    });
    const headers = createHttpHeaders({
      ...(reply.body === undefined ? {} : { "content-type": "application/json" }),
      "x-ms-request-id": `dry-run-${this.calls.length}`,
      ...(reply.headers ?? {}),
    });
    return {
      request,
      status: reply.status,
      headers,
      bodyAsText: reply.body === undefined ? "" : JSON.stringify(reply.body),
    };
  }
}

async function recordBody(body: PipelineRequest["body"]): Promise<unknown> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") {
    try {
      return JSON.parse(body);
    } catch {
      return { text: body };
    }
  }
  let bytes: Uint8Array | undefined;
  if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  else if (typeof body === "function" || Symbol.asyncIterator in body) {
    const stream = (typeof body === "function" ? body() : body) as AsyncIterable<Uint8Array>;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    bytes = Buffer.concat(chunks);
  } else if (typeof (body as Blob).arrayBuffer === "function")
    bytes = new Uint8Array(await (body as Blob).arrayBuffer());
  return bytes ? { bytes: bytes.byteLength, sha256: sha256(bytes) } : { body: "(stream)" };
}

/** The calls as text: `METHOD URL` then the indented JSON body, one block per call. */
export function formatCalls(calls: readonly RecordedCall[]): string {
  return calls
    .map((call, i) => {
      const head = `${String(i + 1).padStart(3, "0")} ${call.method} ${call.url}`;
      return call.body === undefined ? head : `${head}\n${indent(JSON.stringify(call.body, null, 2))}`;
    })
    .join("\n");
}

/** Writes `calls.json` (all calls) and `calls.txt` (as printed) into `dir`. */
export async function writeCalls(dir: string, calls: readonly RecordedCall[]): Promise<void> {
  await writeJsonAtomic(join(dir, "calls.json"), calls);
  await writeFileAtomic(join(dir, "calls.txt"), `${formatCalls(calls)}\n`);
}

/** Default folder of a dry run: `<MLOPS_HOME or .mlops>/dry-run/<UTC timestamp>/`. */
export function defaultDryRunDir(home = mlopsHome(), now = new Date()): string {
  return join(home, "dry-run", now.toISOString().replace(/[:.]/g, "-"));
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
