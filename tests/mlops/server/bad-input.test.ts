import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRaw, postScore, rawExchange, startTestServer, type TestServer } from "./helpers.js";

let server: TestServer;
const MAX = 4096;
const row = (...cells: unknown[]) => JSON.stringify({ data: [cells] });

beforeAll(async () => {
  server = await startTestServer({ maxBodyBytes: MAX, headersTimeoutMs: 300, requestTimeoutMs: 300 });
});
afterAll(() => server.stop());

describe("bad input gets a 4xx JSON error that names the problem", () => {
  const nested = `{"data": [[1,2,${"[".repeat(1500)}${"]".repeat(1500)}]]}`;
  const cases: [string, string, number, string][] = [
    ["invalid JSON", '{"data": [[1,2,', 400, "not valid JSON"],
    ["not an object", "[[1,2,3]]", 400, "must be a JSON object with one of data, input_data"],
    ["no known key", '{"rows": [[1]]}', 400, 'unknown key "rows"'],
    ["two shapes", '{"data": [], "instances": []}', 400, "exactly one of"],
    ["data not a list", '{"data": {"x1": 1}}', 400, "data must be a list of rows"],
    ["row not a list", '{"data": [1,2,3]}', 400, "data[0] must be an array of 3 values, got 1"],
    ["too few values", row(1, 2), 400, "data[0] has 2 values, expected 3 (x1, x2, x3)"],
    ["too many values", row(1, 2, 3, 4), 400, "has 4 values, expected 3"],
    ["a string", row(1, 2, "three"), 400, 'data[0][2] (x3) must be a finite number, got the string "three"'],
    ["a numeric string", row(1, "2", 3), 400, 'data[0][1] (x2) must be a finite number, got the string "2"'],
    ["null", row(1, 2, null), 400, "data[0][2] (x3) must be a finite number, got null"],
    ["a boolean", row(true, 2, 3), 400, "data[0][0] (x1) must be a finite number, got true"],
    ["NaN literal", '{"data": [[NaN,2,3]]}', 400, "not valid JSON"],
    ["NaN string", row("NaN", 2, 3), 400, 'got the string "NaN"'],
    ["Infinity literal", '{"data": [[Infinity,2,3]]}', 400, "not valid JSON"],
    ["Infinity string", row("Infinity", 2, 3), 400, 'got the string "Infinity"'],
    ["a number beyond double range", '{"data": [[1e999,2,3]]}', 400, "(x1) must be a finite number, got Infinity"],
    [
      "a bad cell in a later row",
      JSON.stringify({
        data: [
          [1, 2, 3],
          [4, {}, 6],
        ],
      }),
      400,
      "data[1][1] (x2)",
    ],
    ["empty batch", '{"data": []}', 400, "data is an empty batch"],
    ["empty records", '{"instances": []}', 400, "instances is an empty batch"],
    ["deeply nested JSON", nested, 400, "data[0][2] (x3) must be a finite number, got an array"],
    [
      "missing column by name",
      JSON.stringify({ dataframe_split: { columns: ["x1"], data: [[1]] } }),
      400,
      'missing column "x2"',
    ],
    [
      "unknown column by name",
      JSON.stringify({ input_data: { columns: ["x1", "x2", "x3", "y"], data: [] } }),
      400,
      'unknown column "y"',
    ],
    [
      "repeated column",
      JSON.stringify({ dataframe_split: { columns: ["x1", "x1"], data: [] } }),
      400,
      'repeats column "x1"',
    ],
    ["record missing a column", JSON.stringify({ instances: [{ x1: 1 }] }), 400, 'instances[0] is missing column "x2"'],
    [
      "a string in a record, named by its place",
      JSON.stringify({
        dataframe_records: [
          { x1: 1, x2: 2, x3: 3 },
          { x1: 1, x2: "b", x3: 3 },
        ],
      }),
      400,
      'dataframe_records[1][1] (x2) must be a finite number, got the string "b"',
    ],
    [
      "index of the wrong length",
      JSON.stringify({ input_data: { index: [0], data: [[1], [2]] } }),
      400,
      "index has 1 entries but input_data.data has 2 rows",
    ],
    [
      "uneven columnar inputs",
      JSON.stringify({ inputs: { x1: [1, 2], x2: [1], x3: [1] } }),
      400,
      "inputs.x2 has 1 values but inputs.x1 has 2",
    ],
  ];
  const named = cases.map(([name, body, status, message]) => ({ name, body, status, message }));
  it.each(named)("$name → $status", async ({ body, status, message }) => {
    const res = await postScore(server.url, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect((res.json as { error: string }).error).toContain(message);
  });

  it("huge numbers whose prediction overflows → 400 naming the row, not a null or Infinity in the answer", async () => {
    // Every term w·x as large as a double gets, all of one sign: the sum overflows whatever the weights are.
    const huge = server.oracle.weights.map((w) => Math.sign(w) * Number.MAX_VALUE);
    expect(Number.isFinite(server.oracle.predict(huge))).toBe(false);
    for (const body of [{ data: [[1, 2, 3], huge] }, { input_data: [[1, 2, 3], huge] }]) {
      const res = await postScore(server.url, JSON.stringify(body));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.json as { error: string }).error).toMatch(/^(data|input_data)\[1\]: the prediction overflows/);
    }
  });

  it("oversized bodies → 413 before reading them (declared length) or as soon as the limit passes (chunked)", async () => {
    const big = JSON.stringify({ data: Array(1000).fill([1, 2, 3]) });
    expect(big.length).toBeGreaterThan(MAX);
    const declared = await rawExchange(server.url, [
      `POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`,
    ]);
    expect(parseRaw(declared)).toEqual({
      status: 413,
      body: { error: expect.stringContaining(`${big.length} bytes; the limit is ${MAX}`) },
    });
    const chunk = big.slice(0, 3000);
    const chunked = await rawExchange(server.url, [
      "POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
      `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
      `${chunk.length.toString(16)}\r\n${chunk}\r\n`,
    ]);
    expect(parseRaw(chunked)).toEqual({
      status: 413,
      body: { error: expect.stringContaining("more than 4096 bytes") },
    });
    const viaFetch = await postScore(server.url, big);
    expect(viaFetch.status).toBe(413);
  });

  it("wrong method → 405 with Allow; unknown path → 404; wrong content type → 415", async () => {
    const get = await fetch(`${server.url}/score`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(((await get.json()) as { error: string }).error).toContain("GET is not allowed on /score");
    const del = await fetch(`${server.url}/`, { method: "DELETE" });
    expect([del.status, del.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
    await del.body?.cancel();
    const missing = await fetch(`${server.url}/predict`, { method: "POST", body: "{}" });
    expect([missing.status, ((await missing.json()) as { error: string }).error]).toEqual([
      404,
      expect.stringContaining("no route /predict"),
    ]);
    const form = await postScore(server.url, "a=1", { "Content-Type": "application/x-www-form-urlencoded" });
    expect([form.status, (form.json as { error: string }).error]).toEqual([
      415,
      expect.stringContaining("is not JSON"),
    ]);
    const latin1 = await postScore(server.url, row(1), { "Content-Type": "application/json; charset=latin1" });
    expect([latin1.status, (latin1.json as { error: string }).error]).toEqual([415, expect.stringContaining("UTF-8")]);
    expect(
      (await postScore(server.url, row(1, 1, 1), { "Content-Type": "application/json; charset=UTF-8" })).status,
    ).toBe(200);
  });

  it("slow clients → 408 (headers too slow, body too slow); malformed HTTP → 400", async () => {
    const slowHeaders = await rawExchange(server.url, ["POST /score HTTP/1.1\r\nHost: x\r\n", { waitMs: 2000 }]);
    expect(parseRaw(slowHeaders)).toEqual({
      status: 408,
      body: { error: expect.stringContaining("did not arrive in time") },
    });
    const slowBody = await rawExchange(server.url, [
      "POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n",
      '{"data": [[1,',
      { waitMs: 2000 },
    ]);
    expect(parseRaw(slowBody)).toEqual({
      status: 408,
      body: { error: expect.stringContaining("did not arrive in time") },
    });
    const garbage = await rawExchange(server.url, ["HELLO THERE\r\n\r\n"]);
    expect(parseRaw(garbage).status).toBe(400);
  });
});
