import { Agent, request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

// ≥ 10,000 generated bodies — valid, near-valid and garbage — against the real server on 127.0.0.1:
// never a 5xx, every 4xx a JSON {"error"}, every 2xx the right numbers.

const COLUMNS = ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"];
const RUNS = 10_500;
const CONCURRENCY = 16;

interface Case {
  readonly kind: string;
  readonly body: string | Uint8Array;
  /** The rows in model order when the body is valid (then it must score). */
  readonly rows?: number[][];
}

// Cheap number arbitraries (fc.double is costly at this volume); the fast-matrix test covers number texts in depth.
const cell = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
  { weight: 2, arbitrary: fc.integer().map((i) => i / 997) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }) },
);
const rowArb = fc.array(cell, { minLength: 10, maxLength: 10 });
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 6 });
const record = (row: number[], columns = COLUMNS) =>
  Object.fromEntries(columns.map((c) => [c, row[COLUMNS.indexOf(c)]]));

const valid: fc.Arbitrary<Case> = fc
  .tuple(rowsArb, fc.shuffledSubarray(COLUMNS, { minLength: 10, maxLength: 10 }), fc.nat(6), fc.boolean())
  .map(([rows, order, shape, pretty]) => {
    const permuted = () => rows.map((r) => order.map((c) => r[COLUMNS.indexOf(c)]));
    const records = () => rows.map((r) => record(r, order));
    const body =
      shape === 0
        ? { data: rows }
        : shape === 1
          ? { input_data: { columns: order, index: rows.map((_, i) => i), data: permuted() } }
          : shape === 2
            ? { dataframe_split: { columns: order, data: permuted() } }
            : shape === 3
              ? { dataframe_records: records() }
              : shape === 4
                ? { instances: rows }
                : shape === 5
                  ? { instances: records() }
                  : { inputs: Object.fromEntries(order.map((c) => [c, rows.map((r) => r[COLUMNS.indexOf(c)])])) };
    return { kind: "valid", body: JSON.stringify(body, null, pretty ? 1 : undefined), rows };
  });

// Cheap arbitraries on purpose: fc.string({unit: "binary"}) costs ~2 ms per value, too slow for 10,000 bodies.
const badCell = fc.oneof(
  fc.string({ unit: "binary-ascii", maxLength: 20 }),
  fc.constantFrom(null, true, "NaN", "Infinity", "-Infinity", "1.5", [], {}, [1, 2], 1e308, -1e308),
  fc.jsonValue({ maxDepth: 2 }),
);
const nearValid: fc.Arbitrary<Case> = fc.oneof(
  // a row of the wrong width
  fc
    .tuple(
      rowsArb,
      fc.integer({ min: 0, max: 20 }).filter((n) => n !== 10),
    )
    .map(([rows, n]) => ({
      kind: "wrong width",
      body: JSON.stringify({ data: [...rows, Array(n).fill(1)] }),
    })),
  // one bad cell (a string, null, a huge number, a nested value, ...)
  fc.tuple(rowsArb, fc.nat(9), badCell).map(([rows, j, bad]) => {
    const broken = rows.map((r) => [...r] as unknown[]);
    broken[broken.length - 1][j] = bad;
    return { kind: "bad cell", body: JSON.stringify({ data: broken }) };
  }),
  // huge rows that overflow the prediction
  fc
    .constantFrom(1e308, -1e308, 1.7e308)
    .map((v) => ({ kind: "overflow", body: JSON.stringify({ data: [Array(10).fill(v)] }) })),
  // a record with a missing or extra column
  fc.tuple(rowArb, fc.constantFrom(...COLUMNS), fc.boolean()).map(([row, col, extra]) => {
    const rec: Record<string, unknown> = record(row);
    if (extra) rec.Y = 1;
    else delete rec[col];
    return { kind: "bad record", body: JSON.stringify({ instances: [rec] }) };
  }),
  // valid JSON cut short, or with trailing garbage
  fc.tuple(valid, fc.nat(), fc.string({ unit: "binary-ascii", maxLength: 10 })).map(([v, cut, tail]) => {
    const text = v.body as string;
    return { kind: "truncated", body: cut % 2 ? text.slice(0, cut % text.length) : text + (tail || "x") };
  }),
  // empty, wrong key, several keys
  fc
    .constantFrom(
      '{"data": []}',
      '{"data": [[]]}',
      "{}",
      '{"instances": {}}',
      '{"data": 1, "inputs": []}',
      '{"data": null}',
      "null",
      "[]",
      '""',
      "0",
    )
    .map((body) => ({ kind: "shape", body })),
  // deep nesting
  fc.integer({ min: 1, max: 20_000 }).map((depth) => ({
    kind: "nested",
    body: `{"data": ${"[".repeat(depth)}${"]".repeat(depth)}}`,
  })),
);
const garbage: fc.Arbitrary<Case> = fc.oneof(
  fc.string({ unit: "binary-ascii", maxLength: 200 }).map((body) => ({ kind: "string", body })),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ kind: "string", body: Buffer.from(bytes).toString("utf8") })),
  fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: "json", body: JSON.stringify(v) ?? "null" })),
  fc.uint8Array({ maxLength: 300 }).map((body) => ({ kind: "bytes", body })),
);

let server: TestServer;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  agent.destroy();
  await server.stop();
});

/** POST /score over the keep-alive agent (lighter than fetch, so the 10,000 bodies take seconds). */
function post(body: string | Uint8Array): Promise<{ status: number; type: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/score`,
      {
        method: "POST",
        agent,
        headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          text += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** intercept + Σ coef·x, with a tolerance scaled by the terms (summation order may differ in the last bits). */
function checkPrediction(actual: number, row: number[]): void {
  const { coefficients, intercept } = server.model;
  let expected = intercept;
  let scale = Math.abs(intercept);
  for (let j = 0; j < 10; j++) {
    expected += coefficients[j] * row[j];
    scale += Math.abs(coefficients[j] * row[j]);
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * scale);
}

describe("fuzzing POST /score", () => {
  it(`answers ${RUNS} generated bodies with < 500, JSON errors on 4xx and correct numbers on 2xx`, async () => {
    const seed = Date.now();
    const cases = fc.sample(
      fc.oneof({ weight: 4, arbitrary: valid }, { weight: 4, arbitrary: nearValid }, { weight: 2, arbitrary: garbage }),
      {
        numRuns: RUNS,
        seed,
      },
    );
    const counts: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const res = await post(c.body);
        const text = res.text;
        const where = `seed ${seed}, ${c.kind} body ${JSON.stringify(typeof c.body === "string" ? c.body.slice(0, 300) : [...c.body])}`;
        expect(res.status, where).toBeLessThan(500);
        counts[`${c.kind} ${res.status}`] = (counts[`${c.kind} ${res.status}`] ?? 0) + 1;
        const json = JSON.parse(text);
        if (res.status >= 400) {
          expect(res.type, where).toBe("application/json");
          expect(typeof json.error === "string" && json.error.length > 0, where).toBe(true);
          expect(c.rows, `${where}: a valid body was refused: ${json.error}`).toBeUndefined();
        } else {
          expect(res.status, where).toBe(200);
          expect(Array.isArray(json.result) && json.result.every(Number.isFinite), where).toBe(true);
          if (c.rows) {
            expect(json.result.length, where).toBe(c.rows.length);
            for (const [i, row] of c.rows.entries()) checkPrediction(json.result[i], row);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(next).toBe(RUNS);
    // The mix really covers all three families, each with answers of both kinds where possible.
    expect(Object.keys(counts).some((k) => k.startsWith("valid 200"))).toBe(true);
    expect(Object.keys(counts).some((k) => k.startsWith("bad cell 400"))).toBe(true);
    expect(Object.keys(counts).some((k) => /^(string|json|bytes) 400/.test(k))).toBe(true);
  }, 120_000); // a few seconds on a quiet machine; generous for a loaded CI runner
});
