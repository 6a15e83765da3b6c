import { randomUUID } from "node:crypto";
import { Exchange, logExchange, logRefusal, pathOf } from "./handler.js";
import type { App, RequestHead } from "./http1/index.js";
import type { RequestLog } from "./log.js";

const TEXT_TYPE = "text/plain; charset=utf-8";
const LOADING = JSON.stringify({ error: "the model is still loading: retry once GET /ready answers 200" });

/**
 * The application while the model loads: liveness (`GET /live`, `GET /`) answers 200 — the process is up — and everything else
 * 503 with Retry-After, `/ready` included, so Azure ML's readiness probe keeps traffic away until the model is in.
 * Every answer is set from the head, so the transport never asks this app for a body.
 */
function loadingApp(log: RequestLog): App<Exchange> {
  return {
    begin(head: RequestHead) {
      const path = pathOf(head.target) ?? head.target;
      const x = new Exchange(head.method, path, randomUUID(), head.traceparent, performance.now());
      const live = path === "/" || path === "/live";
      if (live && (head.method === "GET" || head.method === "HEAD")) x.answer(200, TEXT_TYPE, "Healthy");
      else {
        x.error = "model loading";
        x.answer(503, "application/json", LOADING, { "Retry-After": "1" });
      }
      return x;
    },
    finish() {},
    fail(x, status, message) {
      x.error = message;
      x.status = status;
    },
    done: (x) => logExchange(log, x),
    refused: (status, message) => logRefusal(log, status, message),
  };
}

/**
 * An application that answers as `loadingApp` until `ready` gives the real one, then hands every call to it.
 * Exchanges begun while loading were answered from their head, so the real app never finishes one of them; its
 * `fail` and `done` only read an exchange's fields, which both apps fill the same way.
 */
export function gatedApp(log: RequestLog): { readonly app: App<Exchange>; open(real: App<Exchange>): void } {
  let current = loadingApp(log);
  const app: App<Exchange> = {
    begin: (head) => current.begin(head),
    finish: (x, body) => current.finish(x, body),
    fail: (x, status, message) => current.fail(x, status, message),
    done: (x) => current.done(x),
    refused: (status, message) => current.refused(status, message),
  };
  return {
    app,
    open(real) {
      current = real;
    },
  };
}
