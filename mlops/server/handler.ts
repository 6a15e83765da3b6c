import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { ScoringInputError } from "../../scoring/index.js";
import type { Matrix } from "../../training/index.js";
import { bearerCheck } from "./auth.js";
import { type BodyTarget, ClientGone, checkContentType, checkDeclaredLength, readBody } from "./body.js";
import { answerClientError, TIMEOUT } from "./client-error.js";
import { parseDataMatrix } from "./fast-matrix.js";
import { HttpError } from "./http-error.js";
import { isoNow, type RequestLog } from "./log.js";
import { rowsFromPayload } from "./payload.js";
import { swaggerDocument } from "./swagger.js";

/** The model as the server sees it: its signature and the scoring functions of scoring/index.ts. */
export interface Scorer {
  readonly columns: readonly string[];
  readonly output: string;
  /** Rows of values in `columns` order; throws ScoringInputError for input the model cannot score. */
  score(rows: unknown, where: string): number[];
  /** A matrix of finite numbers (the fast path); throws ScoringInputError when a prediction overflows. */
  scoreMatrix(x: Matrix, where: string): number[];
}

export interface HandlerConfig {
  readonly scorer: Scorer;
  /** Title of the OpenAPI document (e.g. the model's name). */
  readonly title: string;
  /** Example request for the OpenAPI document (the model's smoke payload). */
  readonly example?: { readonly data: readonly (readonly number[])[] };
  /** When set, /score and /swagger.json need `Authorization: Bearer <key>`. */
  readonly key?: string;
  readonly maxBodyBytes: number;
  readonly log: RequestLog;
}

/** One request and what the log line will say about it (a class: one hidden class, no closures per request). */
class Exchange implements BodyTarget {
  status = 0;
  predictions = 0;
  error: string | undefined = undefined;
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly start: number,
    readonly id: string,
    readonly path: string,
    private readonly onBody: (x: Exchange, error: Error | null, body: Buffer | undefined) => void,
  ) {}

  body(error: Error | null, body: Buffer | undefined): void {
    this.onBody(this, error, body);
  }
}

// Echo the caller's request id only when it is a plain token: anything else could smuggle text into headers/logs.
const REQUEST_ID = /^[\w.:-]{1,128}$/;
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  "/": ["GET", "HEAD"],
  "/swagger.json": ["GET", "HEAD"],
  "/score": ["POST"],
};

/** The scoring server's request handler, its answer to malformed requests, and the switch for shutting down. */
export function createHandler(config: HandlerConfig) {
  const { scorer, log, maxBodyBytes } = config;
  const width = scorer.columns.length;
  const checkKey = config.key ? bearerCheck(config.key) : undefined;
  const swagger = JSON.stringify(
    swaggerDocument({
      title: config.title,
      columns: scorer.columns,
      output: scorer.output,
      example: config.example,
      auth: !!checkKey,
    }),
  );
  const scratch = { data: new Float64Array(64 * width) };
  const timedOut = new WeakSet<Socket>();
  let closing = false;

  function send(
    x: Exchange,
    status: number,
    type: string,
    body: string,
    extra?: Readonly<Record<string, string>>,
  ): void {
    x.status = status;
    // A flat [name, value, ...] list: Node writes it without walking an object.
    const headers: (string | number)[] = [
      "Content-Type",
      type,
      "Content-Length",
      Buffer.byteLength(body),
      "x-ms-request-id",
      x.id,
    ];
    if (extra) for (const [name, value] of Object.entries(extra)) headers.push(name, value);
    if (closing && extra?.Connection === undefined) headers.push("Connection", "close");
    x.res.writeHead(status, headers).end(body);
  }

  function done(x: Exchange): void {
    const traceparent = x.req.headers.traceparent;
    log.write({
      time: isoNow(),
      method: x.req.method ?? "",
      path: x.path.length > 200 ? `${x.path.slice(0, 200)}…` : x.path,
      status: x.status,
      durationMs: Math.round((performance.now() - x.start) * 1000) / 1000,
      requestId: x.id,
      traceparent: typeof traceparent === "string" ? traceparent.slice(0, 128) : "",
      predictions: x.predictions,
      error: x.error,
    });
  }

  function fail(x: Exchange, error: unknown): void {
    if (error instanceof ClientGone) {
      // Cut off by the request timeout (answered 408 by clientError) or gone: nobody to answer here.
      x.status = timedOut.has(x.req.socket) ? 408 : 499;
      x.error = x.status === 408 ? TIMEOUT : error.message;
      x.res.destroy();
    } else if (error instanceof HttpError || error instanceof ScoringInputError) {
      const status = error instanceof HttpError ? error.status : 400;
      x.error = error.message;
      if (!x.res.headersSent) {
        send(
          x,
          status,
          "application/json",
          JSON.stringify({ error: error.message }),
          error instanceof HttpError ? error.headers : undefined,
        );
      }
    } else {
      // A bug, not bad input: say so honestly (500) without leaking internals to the caller.
      x.error = error instanceof Error ? error.message : String(error);
      if (!x.res.headersSent)
        send(x, 500, "application/json", JSON.stringify({ error: `internal error (request ${x.id})` }));
      else x.status = 500;
    }
    done(x);
  }

  function scoreBody(x: Exchange, body: Buffer): void {
    let result: number[];
    const fast = parseDataMatrix(body, width, scratch);
    if (fast) result = scorer.scoreMatrix(fast, "data");
    else {
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString("utf8"));
      } catch (error) {
        throw new HttpError(400, `the body is not valid JSON (${(error as Error).message})`);
      }
      const { rows, where } = rowsFromPayload(payload, scorer.columns);
      result = scorer.score(rows, where);
    }
    x.predictions = result.length;
    send(x, 200, "application/json", `{"result":[${result.join(",")}]}`);
    done(x);
  }

  function route(x: Exchange): void {
    const allowed = ROUTES[x.path];
    if (allowed === undefined)
      throw new HttpError(404, `no route ${x.path}: use POST /score, GET / or GET /swagger.json`);
    const method = x.req.method ?? "";
    if (!allowed.includes(method)) {
      throw new HttpError(405, `${method} is not allowed on ${x.path}: use ${allowed.join(" or ")}`, {
        Allow: allowed.join(", "),
      });
    }
    if (x.path === "/") {
      send(x, 200, "text/plain; charset=utf-8", "Healthy");
      done(x);
      return;
    }
    checkKey?.(x.req.headers.authorization);
    if (x.path === "/swagger.json") {
      send(x, 200, "application/json", swagger);
      done(x);
      return;
    }
    checkContentType(x.req.headers["content-type"]);
    checkDeclaredLength(x.req, maxBodyBytes);
    readBody(x.req, maxBodyBytes, x);
  }

  function onBody(x: Exchange, error: Error | null, body: Buffer | undefined): void {
    try {
      if (error) throw error;
      scoreBody(x, body as Buffer);
    } catch (failure) {
      fail(x, failure);
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const given = req.headers["x-ms-request-id"];
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    const x = new Exchange(req, res, performance.now(), id, q < 0 ? url : url.slice(0, q), onBody);
    try {
      route(x);
    } catch (error) {
      fail(x, error);
    }
  }

  const clientError = answerClientError(log, timedOut);

  return {
    handle,
    clientError,
    /** From now on every response closes its connection (graceful shutdown). */
    closing(): void {
      closing = true;
    },
  };
}
