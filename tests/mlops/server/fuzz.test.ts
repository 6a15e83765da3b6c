import { Agent, request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers.js";

// ≥ 10,000 generated bodies — valid, near-valid and garbage — against the real server on 127.0.0.1:
// never a 5xx, every 4xx a JSON {"error"}, every 2xx the right numbers.

// The regression fixture's inputs (x1, x2, x3 → y): the numeric fast path and the general path both answer.
const COLUMNS = ["x1", "x2", "x3"];
const WIDTH = COLUMNS.length;
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
const rowArb = fc.array(cell, { minLength: WIDTH, maxLength: WIDTH });
const rowsArb = fc.array(rowArb, { minLength: 1, maxLength: 6 });
const record = (row: number[], columns = COLUMNS) =>
  Object.fromEntries(columns.map((c) => [c, row[COLUMNS.indexOf(c)]]));

const valid: fc.Arbitrary<Case> = fc
  .tuple(rowsArb, fc.shuffledSubarray(COLUMNS, { minLength: WIDTH, maxLength: WIDTH }), fc.nat(6), fc.boolean())
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
      fc.integer({ min: 0, max: 20 }).filter((n) => n !== WIDTH),
    )
    .map(([rows, n]) => ({
      kind: "wrong width",
      body: JSON.stringify({ data: [...rows, Array(n).fill(1)] }),
    })),
  // one bad cell (a string, null, a huge number, a nested value, ...)
  fc.tuple(rowsArb, fc.nat(WIDTH - 1), badCell).map(([rows, j, bad]) => {
    const broken = rows.map((r) => [...r] as unknown[]);
    broken[broken.length - 1][j] = bad;
    return { kind: "bad cell", body: JSON.stringify({ data: broken }) };
  }),
  // huge rows that overflow the prediction
  fc
    .constantFrom(1e308, -1e308, 1.7e308)
    .map((v) => ({ kind: "overflow", body: JSON.stringify({ data: [Array(WIDTH).fill(v)] }) })),
  // a record with a missing or extra column
  fc.tuple(rowArb, fc.constantFrom(...COLUMNS), fc.boolean()).map(([row, col, extra]) => {
    const rec: Record<string, unknown> = record(row);
    if (extra)
      rec.y = 1; // the target is no input
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
  expect(server.columns).toEqual(COLUMNS);
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

/** What is wrong with the answer to `c`, or undefined (plain checks: 10,000 rounds of expect() cost seconds). */
function problemWith(c: Case, status: number, type: string | undefined, text: string): string | undefined {
  if (status >= 500) return `status ${status}`;
  let json: { error?: unknown; result?: unknown };
  try {
    json = JSON.parse(text);
  } catch {
    return `status ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  if (status >= 400) {
    if (type !== "application/json") return `status ${status} with Content-Type ${type}`;
    if (typeof json.error !== "string" || json.error.length === 0) return `status ${status} without an error message`;
    if (c.rows) return `a valid body was refused: ${json.error}`;
    return undefined;
  }
  const result = json.result;
  if (status !== 200 || !Array.isArray(result) || !result.every(Number.isFinite)) return `status ${status}: ${text}`;
  if (c.rows && result.length !== c.rows.length) return `${result.length} predictions for ${c.rows.length} rows`;
  const wrong = c.rows?.findIndex((row, i) => !server.oracle.close(result[i], row)) ?? -1;
  return wrong >= 0 ? `prediction ${wrong} is ${result[wrong]}` : undefined;
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
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const res = await post(c.body);
        counts[`${c.kind} ${res.status}`] = (counts[`${c.kind} ${res.status}`] ?? 0) + 1;
        const problem = problemWith(c, res.status, res.type, res.text);
        if (problem !== undefined) {
          const body = typeof c.body === "string" ? c.body.slice(0, 300) : [...c.body.subarray(0, 300)];
          failures.push(`seed ${seed}, ${c.kind} body ${JSON.stringify(body)}: ${problem}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures.slice(0, 5)).toEqual([]);
    expect(next).toBe(RUNS);
    // The mix really covers all three families, each with answers of both kinds where possible.
    expect(Object.keys(counts).some((k) => k.startsWith("valid 200"))).toBe(true);
    expect(Object.keys(counts).some((k) => k.startsWith("bad cell 400"))).toBe(true);
    expect(Object.keys(counts).some((k) => /^(string|json|bytes) 400/.test(k))).toBe(true);
  }, 120_000); // a few seconds on a quiet machine; generous for a loaded CI runner
});
