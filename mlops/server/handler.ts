import { randomUUID } from "node:crypto";
import {
  type CellValue,
  checkPrediction,
  frameFromRows,
  isClassPrediction,
  type Prediction,
  type Predictor,
  predictionJson,
} from "../contract/index.js";
import { ScoringInputError } from "../errors/index.js";
import { bearerCheck } from "./auth.js";
import { checkContentType } from "./body.js";
import { createMatrixParser } from "./fast-matrix.js";
import { HttpError } from "./http-error.js";
import type { Answer, App, RequestHead } from "./http1/index.js";
import { isoNow, type RequestLog } from "./log.js";
import { rowsFromPayload } from "./payload.js";
import { swaggerDocument } from "./swagger.js";
import { WasmNumberFormatter } from "./wasm-format/index.js";

export interface HandlerConfig {
  /** The model, as scoring/index.ts's `load` returns it: its facts (signature, task) and its predict. */
  readonly predictor: Predictor;
  /** Title of the OpenAPI document (e.g. the model's name). */
  readonly title: string;
  /** Example request for the OpenAPI document (the model's smoke payload). */
  readonly example?: { readonly data: readonly (readonly CellValue[])[] };
  /** When set, /score and /swagger.json need `Authorization: Bearer <key>`. */
  readonly key?: string;
  readonly log: RequestLog;
}

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";

/** One request, its answer and what its log line will say (a class: one hidden class per request). */
export class Exchange implements Answer {
  status = 0;
  type = JSON_TYPE;
  body = "";
  headers: Readonly<Record<string, string>> | undefined = undefined;
  predictions = 0;
  error: string | undefined = undefined;
  constructor(
    readonly method: string,
    readonly path: string,
    readonly requestId: string,
    readonly traceparent: string | undefined,
    readonly start: number,
  ) {}

  answer(status: number, type: string, body: string, headers?: Readonly<Record<string, string>>): void {
    this.status = status;
    this.type = type;
    this.body = body;
    this.headers = headers;
  }
}

// Echo the caller's request id only when it is a plain token: anything else could smuggle text into headers/logs.
const REQUEST_ID = /^[\w.:-]{1,128}$/;
// A Map, not an object literal: a target like "constructor" or "__proto__" must not find Object.prototype's.
const ROUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ["/", ["GET", "HEAD"]],
  ["/live", ["GET", "HEAD"]],
  ["/ready", ["GET", "HEAD"]],
  ["/swagger.json", ["GET", "HEAD"]],
  ["/score", ["POST"]],
]);
// RFC 9112 §3.2.2: absolute-form targets (http://host/path) must be accepted; their path is what counts.
const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*/i;

/** The path of a request target without its query; undefined when the target is not a path (e.g. `*`). */
export function pathOf(target: string): string | undefined {
  let rest = target;
  if (target.charCodeAt(0) !== 47) {
    const absolute = ABSOLUTE_FORM.exec(target);
    if (absolute === null) return undefined;
    rest = target.slice(absolute[0].length);
    if (rest === "" || rest.charCodeAt(0) === 63) return "/"; // http://host or http://host?query
    if (rest.charCodeAt(0) !== 47) return undefined;
  }
  const q = rest.indexOf("?");
  return q < 0 ? rest : rest.slice(0, q);
}

/** The scoring server's application: routes, auth, the /score fast path and the request log. */
export function createHandler(config: HandlerConfig): App<Exchange> {
  const { predictor, log } = config;
  const { inputs } = predictor.info.signature;
  const columns = inputs.map((c) => c.name);
  const task = predictor.info.task;
  const checkKey = config.key ? bearerCheck(config.key) : undefined;
  const swagger = JSON.stringify(
    swaggerDocument({ title: config.title, info: predictor.info, example: config.example, auth: !!checkKey }),
  );
  // The numeric fast path ({"data": [[numbers]]} parsed straight into a matrix) when every input is a double and
  // the model has a matrix predict; any other body or model takes the general path.
  // A custom predictor may offer predictMatrix for any columns; the matrix parser checks only that cells are finite
  // numbers, so long and boolean columns keep the general path and its type checks.
  const predictMatrix = inputs.every((c) => c.type === "double") ? predictor.predictMatrix?.bind(predictor) : undefined;
  const parseMatrix = predictMatrix ? createMatrixParser(inputs.length) : undefined;
  // New doubles cost V8 ~300 ns each to print; Ryu in WebAssembly ~45 ns (same text, tests/mlops/server/wasm-format).
  const formatter = new WasmNumberFormatter();

  function refuse(x: Exchange, error: unknown): void {
    if (error instanceof HttpError || error instanceof ScoringInputError) {
      x.error = error.message;
      const status = error instanceof HttpError ? error.status : 400;
      const headers = error instanceof HttpError ? error.headers : undefined;
      x.answer(status, JSON_TYPE, JSON.stringify({ error: error.message }), headers);
    } else {
      // A bug, not bad input: say so honestly (500) without leaking internals to the caller.
      x.error = error instanceof Error ? error.message : String(error);
      x.answer(500, JSON_TYPE, JSON.stringify({ error: `internal error (request ${x.requestId})` }));
    }
  }

  function route(x: Exchange, head: RequestHead): void {
    const allowed = ROUTES.get(x.path);
    if (allowed === undefined)
      throw new HttpError(
        404,
        `no route ${x.path}: use POST /score, GET /, GET /live, GET /ready or GET /swagger.json`,
      );
    if (!allowed.includes(x.method)) {
      throw new HttpError(405, `${x.method} is not allowed on ${x.path}: use ${allowed.join(" or ")}`, {
        Allow: allowed.join(", "),
      });
    }
    // `/` as Azure ML's own inference server answers it; `/live` for inferenceConfig, whose Route.path must hold a
    // letter or digit (mfe.json 2025-12-01, Route: pattern "[a-zA-Z0-9_]").
    if (x.path === "/" || x.path === "/live") {
      x.answer(200, TEXT_TYPE, "Healthy");
      return;
    }
    // Readiness (Azure ML's readinessRoute): this handler exists only once the model is loaded.
    if (x.path === "/ready") {
      x.answer(200, TEXT_TYPE, "Ready");
      return;
    }
    checkKey?.(head.authorization);
    if (x.path === "/swagger.json") x.answer(200, JSON_TYPE, swagger);
    else checkContentType(head.contentType);
  }

  function score(x: Exchange, body: Buffer): void {
    let prediction: Prediction;
    let rows: number;
    let where = "data";
    const fast = parseMatrix?.(body);
    if (fast && predictMatrix) {
      prediction = predictMatrix(fast);
      rows = fast.rows;
    } else {
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString("utf8"));
      } catch (error) {
        throw new HttpError(400, `the body is not valid JSON (${(error as Error).message})`);
      }
      const given = rowsFromPayload(payload, columns);
      where = given.where;
      const frame = frameFromRows(given.rows, inputs, where);
      prediction = predictor.predict(frame);
      rows = frame.rows;
    }
    checkPrediction(prediction, rows, task, where);
    x.predictions = rows;
    // Regression answers go through the WebAssembly formatter (same text as JSON.stringify, ~4× faster).
    const text = isClassPrediction(prediction)
      ? JSON.stringify(predictionJson(prediction))
      : `{"result":[${formatter.join(prediction.values)}]}`;
    x.answer(200, JSON_TYPE, text);
  }

  return {
    begin(head) {
      const given = head.requestId;
      const id = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
      const path = pathOf(head.target);
      const x = new Exchange(head.method, path ?? head.target, id, head.traceparent, performance.now());
      try {
        if (path === undefined) {
          throw new HttpError(
            400,
            `the request target ${JSON.stringify(head.target.slice(0, 100))} is not a path: use /score`,
          );
        }
        route(x, head);
      } catch (error) {
        refuse(x, error);
      }
      return x;
    },
    finish(x, body) {
      try {
        score(x, body);
      } catch (error) {
        refuse(x, error);
      }
    },
    fail(x, status, message) {
      x.error = message;
      if (status === 500) refuse(x, new Error(message));
      else if (status === 499)
        x.status = 499; // nobody left to answer
      else x.answer(status, JSON_TYPE, JSON.stringify({ error: message }));
    },
    done(x) {
      logExchange(log, x);
    },
    refused(status, message) {
      logRefusal(log, status, message);
    },
  };
}

/** Writes the log line of an answered (or abandoned) request. */
export function logExchange(log: RequestLog, x: Exchange): void {
  log.write({
    time: isoNow(),
    method: x.method,
    path: x.path.length > 200 ? `${x.path.slice(0, 200)}…` : x.path,
    status: x.status,
    durationMs: Math.round((performance.now() - x.start) * 1000) / 1000,
    requestId: x.requestId,
    traceparent: x.traceparent === undefined ? "" : x.traceparent.slice(0, 128),
    predictions: x.predictions,
    error: x.error,
  });
}

/** Writes the log line of a request refused before its head could be read. */
export function logRefusal(log: RequestLog, status: number, message: string): void {
  const record = { time: isoNow(), method: "", path: "", durationMs: 0, requestId: "", traceparent: "" };
  log.write({ ...record, status, predictions: 0, error: message });
}
