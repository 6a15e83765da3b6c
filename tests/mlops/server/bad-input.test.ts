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
  const nested = `{"data": [[1,2,3,4,5,6,7,8,9,${"[".repeat(1500)}${"]".repeat(1500)}]]}`;
  const cases: [string, string, number, string][] = [
    ["invalid JSON", '{"data": [[1,2,', 400, "not valid JSON"],
    ["not an object", "[[1,2,3]]", 400, "must be a JSON object with one of data, input_data"],
    ["no known key", '{"rows": [[1]]}', 400, 'unknown key "rows"'],
    ["two shapes", '{"data": [], "instances": []}', 400, "exactly one of"],
    ["data not a list", '{"data": {"AGE": 1}}', 400, "data must be a list of rows"],
    ["row not a list", '{"data": [1,2,3]}', 400, "data[0] must be an array of 10 numbers"],
    ["too few features", row(1, 2, 3), 400, "data[0] has 3 values, expected 10 (AGE, SEX, BMI"],
    ["too many features", row(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 400, "has 11 values, expected 10"],
    [
      "a string",
      row(1, 2, "three", 4, 5, 6, 7, 8, 9, 10),
      400,
      'data[0][2] (BMI) must be a finite number, got the string "three"',
    ],
    ["a numeric string", row(1, 2, "3", 4, 5, 6, 7, 8, 9, 10), 400, 'got the string "3"'],
    ["null", row(1, 2, 3, 4, 5, 6, 7, 8, 9, null), 400, "data[0][9] (S6) must be a finite number, got null"],
    ["a boolean", row(true, 2, 3, 4, 5, 6, 7, 8, 9, 10), 400, "(AGE) must be a finite number, got true"],
    ["NaN literal", '{"data": [[NaN,2,3,4,5,6,7,8,9,10]]}', 400, "not valid JSON"],
    ["NaN string", row("NaN", 2, 3, 4, 5, 6, 7, 8, 9, 10), 400, 'got the string "NaN"'],
    ["Infinity literal", '{"data": [[Infinity,2,3,4,5,6,7,8,9,10]]}', 400, "not valid JSON"],
    ["Infinity string", row("Infinity", 2, 3, 4, 5, 6, 7, 8, 9, 10), 400, 'got the string "Infinity"'],
    [
      "a number beyond double range",
      '{"data": [[1e999,2,3,4,5,6,7,8,9,10]]}',
      400,
      "(AGE) must be a finite number, got Infinity",
    ],
    [
      "huge numbers whose prediction overflows",
      row(...Array(10).fill(1e308)),
      400,
      "data[0]: the prediction overflows",
    ],
    ["empty batch", '{"data": []}', 400, "data is an empty batch"],
    ["empty records", '{"instances": []}', 400, "instances is an empty batch"],
    ["deeply nested JSON", nested, 400, "(S6) must be a finite number, got an array"],
    [
      "missing column by name",
      JSON.stringify({ dataframe_split: { columns: ["AGE"], data: [[1]] } }),
      400,
      'missing column "SEX"',
    ],
    [
      "unknown column by name",
      JSON.stringify({
        input_data: { columns: ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6", "Y"], data: [] },
      }),
      400,
      'unknown column "Y"',
    ],
    [
      "repeated column",
      JSON.stringify({ dataframe_split: { columns: ["AGE", "AGE"], data: [] } }),
      400,
      'repeats column "AGE"',
    ],
    [
      "record missing a column",
      JSON.stringify({ instances: [{ AGE: 1 }] }),
      400,
      'instances[0] is missing column "SEX"',
    ],
    [
      "index of the wrong length",
      JSON.stringify({ input_data: { index: [0], data: [[1], [2]] } }),
      400,
      "index has 1 entries but input_data.data has 2 rows",
    ],
    [
      "uneven columnar inputs",
      JSON.stringify({
        inputs: { AGE: [1, 2], SEX: [1], BMI: [1], BP: [1], S1: [1], S2: [1], S3: [1], S4: [1], S5: [1], S6: [1] },
      }),
      400,
      "inputs.SEX has 1 values but inputs.AGE has 2",
    ],
  ];
  it.each(cases)("%s → %i", async (_name, body, status, message) => {
    const res = await postScore(server.url, body);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect((res.json as { error: string }).error).toContain(message);
  });

  it("oversized bodies → 413 before reading them (declared length) or as soon as the limit passes (chunked)", async () => {
    const big = JSON.stringify({ data: Array(400).fill([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) });
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
      (await postScore(server.url, row(...Array(10).fill(1)), { "Content-Type": "application/json; charset=UTF-8" }))
        .status,
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
