import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { frameOfMatrix, type ValuePrediction } from "../../../mlops/contract/index.js";
import { leastSquares } from "../fixtures/index.js";
import type { LeastSquares } from "../fixtures/models/least-squares.js";
import { postScore, RawClient, startTestServer, type TestServer } from "./helpers.js";
import { relClose } from "./oracles.js";

let server: TestServer;
const COLUMNS = ["x1", "x2", "x3"];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe("the Azure ML inference-server contract", () => {
  it("serves the model's columns, and answers its smoke payload with bias + Σ w·x (±1e-9 rel)", async () => {
    expect(server.columns).toEqual(COLUMNS);
    const { status, json } = await postScore(server.url, JSON.stringify({ data: server.smoke.input.data }));
    expect(status).toBe(200);
    const result = (json as { result: number[] }).result;
    expect(result).toHaveLength(2);
    for (const [i, y] of result.entries()) expect(relClose(y, server.smoke.result[i]), `${y}`).toBe(true);
    // smoke.json (what a deployment's smoke test expects) holds those values too.
    const smokeJson = JSON.parse(await readFile(join(server.modelDir, "smoke.json"), "utf8"));
    expect(smokeJson.input).toEqual(server.smoke.input);
    for (const [i, y] of result.entries()) expect(relClose(y, smokeJson.result[i])).toBe(true);
  });

  it("gives identical numbers for every payload shape, columns mapped by name", async () => {
    const rows = [
      [0.038, -0.044, 0.062],
      [1, 2, 3],
      [-1e3, 2.5e-7, 1e5],
    ];
    const shuffled = ["x3", "x1", "x2"];
    const byName = (row: number[]) => Object.fromEntries(COLUMNS.map((c, j) => [c, row[j]]));
    const permuted = rows.map((row) => shuffled.map((c) => row[COLUMNS.indexOf(c)]));
    const columnar = Object.fromEntries(shuffled.map((c) => [c, rows.map((row) => row[COLUMNS.indexOf(c)])]));
    const bodies = {
      data: { data: rows },
      "input_data split": { input_data: { columns: shuffled, index: [0, 1, 2], data: permuted } },
      "input_data list": { input_data: rows },
      dataframe_split: { dataframe_split: { columns: shuffled, data: permuted } },
      "dataframe_split without columns": { dataframe_split: { data: rows } },
      dataframe_records: { dataframe_records: rows.map(byName) },
      "instances rows": { instances: rows },
      "instances records": { instances: rows.map(byName) },
      "inputs rows": { inputs: rows },
      "inputs records": { inputs: rows.map(byName) },
      "inputs columnar": { inputs: columnar },
      "data, pretty-printed": JSON.stringify({ data: rows }, null, 2),
    };
    const reference = (await postScore(server.url, JSON.stringify({ data: rows }))).json;
    for (const [shape, body] of Object.entries(bodies)) {
      const { status, json } = await postScore(server.url, typeof body === "string" ? body : JSON.stringify(body));
      expect(status, shape).toBe(200);
      const result = (json as { result: number[] }).result;
      expect(result.length, shape).toBe(rows.length);
      for (const [i, row] of rows.entries())
        expect(server.oracle.close(result[i], row), `${shape} row ${i}`).toBe(true);
      // Not just close: every shape takes the same arithmetic, so the doubles are identical.
      expect({ result }, shape).toEqual(reference);
    }
  });

  it("answers the text JavaScript writes for the predictions (the fast path's WebAssembly formatter = String(x))", async () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    const rows = Array.from({ length: 300 }, (_, r) =>
      Array.from({ length: 3 }, (_, j) => random() * 10 ** (((r + j) % 9) - 4)),
    );
    const text = async (body: unknown) => {
      const res = await fetch(`${server.url}/score`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      return res.text();
    };
    // The model's own doubles (the fixture read back from weights.json), printed by JSON.stringify.
    const fitted = JSON.parse(await readFile(join(server.modelDir, "weights.json"), "utf8")) as LeastSquares;
    const frame = frameOfMatrix(
      { rows: rows.length, cols: 3, data: Float64Array.from(rows.flat()) },
      leastSquares.signature.inputs,
    );
    const { values } = leastSquares.predict(fitted, frame) as ValuePrediction;
    const fast = await text({ data: rows });
    expect(fast).toBe(JSON.stringify({ result: Array.from(values) }));
    for (const [i, y] of (JSON.parse(fast).result as number[]).entries()) {
      expect(server.oracle.close(y, rows[i]), `row ${i}`).toBe(true);
    }
    expect(await text({ input_data: rows })).toBe(fast); // the general path (JSON.parse) answers the same text
  });

  it("GET / is the liveness probe; HEAD works too", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("Healthy");
    expect((await fetch(`${server.url}/`, { method: "HEAD" })).status).toBe(200);
  });

  it("GET /swagger.json describes every payload shape with the model's typed columns (OpenAPI 3)", async () => {
    const doc = (await (await fetch(`${server.url}/swagger.json`)).json()) as {
      openapi: string;
      components: { schemas: Record<string, unknown> };
      paths: Record<string, { post?: { requestBody: { content: Record<string, { example?: unknown }> } } }>;
    };
    expect(doc.openapi).toBe("3.0.3");
    expect(Object.keys(doc.paths)).toEqual(["/", "/swagger.json", "/score"]);
    expect(doc.paths["/score"].post?.requestBody.content["application/json"].example).toEqual({
      data: server.smoke.input.data,
    });
    // OpenAPI's numeric formats: accepted as annotations.
    const ajv = new Ajv({ strict: false, formats: { double: true, int64: true } });
    const validate = ajv.compile({ $ref: "#/components/schemas/ScoreRequest", components: doc.components });
    const row = COLUMNS.map((_, j) => j + 0.5);
    const record = Object.fromEntries(COLUMNS.map((c, j) => [c, j]));
    for (const ok of [
      { data: [row] },
      { input_data: { columns: COLUMNS, index: [0], data: [row] } },
      { dataframe_split: { columns: COLUMNS, data: [row] } },
      { dataframe_records: [record] },
      { instances: [row] },
      { instances: [record] },
      { inputs: Object.fromEntries(COLUMNS.map((c) => [c, [1]])) },
    ]) {
      expect(validate(ok), JSON.stringify(ok)).toBe(true);
    }
    expect(validate({ data: [row.slice(1)] })).toBe(false);
    expect(validate({ dataframe_records: [{ ...record, y: 1 }] })).toBe(false);
    expect(validate({ data: [row], instances: [row] })).toBe(false);
    // The columns are typed: doubles are numbers, not strings.
    expect(validate({ data: [["0.5", 1, 2]] })).toBe(false);
    expect(validate({ dataframe_records: [{ ...record, x2: "1" }] })).toBe(false);
    expect(validate({ inputs: { x1: [1], x2: [true], x3: [1] } })).toBe(false);
    // The answer: one number per row.
    const response = ajv.compile({ $ref: "#/components/schemas/ScoreResponse", components: doc.components });
    expect(response((await postScore(server.url, JSON.stringify({ data: server.smoke.input.data }))).json)).toBe(true);
    expect(response({ result: ["1.5"] })).toBe(false);
    expect(response({})).toBe(false);
  });

  it("echoes x-ms-request-id, generates one when absent or unsafe, and logs one JSON line per request", async () => {
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const given = await postScore(server.url, '{"data": [[1,2,3]]}', {
      "x-ms-request-id": "req-42",
      traceparent,
    });
    expect(given.status).toBe(200);
    expect(given.headers.get("x-ms-request-id")).toBe("req-42");
    const generated = await postScore(server.url, "{}");
    expect(generated.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await postScore(server.url, "{}", { "x-ms-request-id": 'a"b' });
    expect(unsafe.headers.get("x-ms-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    await server.stop(); // flushes the buffered log (and removes the model folder)
    const records = server.sink.records();
    const ok = records.find((r) => r.requestId === "req-42");
    expect(ok).toMatchObject({ method: "POST", path: "/score", status: 200, traceparent, predictions: 1 });
    expect(ok?.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof ok?.time).toBe("string");
    const bad = records.find((r) => r.requestId === generated.headers.get("x-ms-request-id"));
    expect(bad).toMatchObject({ status: 400, predictions: 0, traceparent: "" });
    expect(bad?.error).toContain("exactly one of data");
    server = await startTestServer();
  });
});

describe("key auth", () => {
  it("needs Authorization: Bearer <key> on /score and /swagger.json, not on the liveness probe", async () => {
    const authed = await startTestServer({ key: "s3cret" });
    try {
      const body = '{"data": [[1,2,3]]}';
      const none = await postScore(authed.url, body);
      expect(none.status).toBe(401);
      expect(none.headers.get("www-authenticate")).toContain("Bearer");
      expect((none.json as { error: string }).error).toContain("missing Authorization");
      const wrong = await postScore(authed.url, body, { Authorization: "Bearer s3cre" });
      expect(wrong.status).toBe(401);
      expect((wrong.json as { error: string }).error).toContain("invalid key");
      expect((await postScore(authed.url, body, { Authorization: "s3cret" })).status).toBe(401);
      expect((await postScore(authed.url, body, { Authorization: "Bearer s3cret" })).status).toBe(200);
      expect((await fetch(`${authed.url}/swagger.json`)).status).toBe(401);
      const swagger = await fetch(`${authed.url}/swagger.json`, { headers: { Authorization: "Bearer s3cret" } });
      expect(((await swagger.json()) as { components: object }).components).toHaveProperty("securitySchemes");
      expect((await fetch(`${authed.url}/`)).status).toBe(200);
    } finally {
      await authed.stop();
    }
  });

  it("takes the scheme in any case (RFC 9110 §11.1), but the key only as sent: no trailing 0xA0, tab or other byte", async () => {
    const authed = await startTestServer({ key: "s3cret" });
    try {
      const status = async (authorization: string) => {
        const raw = await RawClient.open(authed.url);
        raw.send(
          `GET /swagger.json HTTP/1.1\r\nHost: x\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`,
        );
        const reply = await raw.reply();
        raw.socket.destroy();
        return reply.status;
      };
      const accepted = ["Bearer s3cret", "bearer s3cret", "BEARER s3cret", "Bearer   s3cret", "Bearer s3cret\t"];
      const refused = [
        "Bearer s3cret\xa0",
        "Bearer \xa0s3cret",
        "Bearer s3cret\x85",
        "Bearer s3cret x",
        "Bearers3cret",
      ];
      expect(await Promise.all(accepted.map(status))).toEqual(accepted.map(() => 200));
      expect(await Promise.all([...refused, "Basic s3cret", "Bearer"].map(status))).toEqual(
        [...refused, "", ""].map(() => 401),
      );
      await new Promise((r) => setTimeout(r, 100)); // the log's flush interval
      expect(authed.sink.text).not.toContain("s3cret");
    } finally {
      await authed.stop();
    }
  });
});
