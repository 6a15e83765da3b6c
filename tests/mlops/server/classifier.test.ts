// The server answering a classifier with a string column (the multiclass fixture: size, weight double, color string
// → kind, classes apple, cherry, melon): the general path, typed cells, classes and probabilities in the answer.
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureServer, postScore, startFixtureServer } from "./helpers.js";
import { type CentroidOracle, centroidOracle, probabilitiesClose } from "./oracles.js";

let server: FixtureServer;
let oracle: CentroidOracle;
const COLUMNS = ["size", "weight", "color"];
type Row = [number, number, string];
const ROWS: Row[] = [
  [3.1, 1.5, "red"],
  [1.2, 0.1, "red"],
  [15.3, 19, "green"],
  [15, 17, "yellow"],
  [2.9, 1.2, "green"],
  [2.2, 0.8, "red"], // between apple and cherry: no probability is ~1
];

beforeAll(async () => {
  server = await startFixtureServer("multiclass");
  oracle = await centroidOracle(server.modelDir);
});
afterAll(() => server.stop());

interface ClassAnswerJson {
  result: string[];
  classes: string[];
  probabilities: number[][];
}

/** The answer must be the oracle's: labels, the classes in order, each row's probabilities (±1e-12). */
function expectOracle(json: unknown, rows: readonly Row[], what = ""): void {
  const answer = json as ClassAnswerJson;
  expect(Object.keys(answer), what).toEqual(["result", "classes", "probabilities"]);
  expect(answer.classes, what).toEqual(["apple", "cherry", "melon"]);
  const want = rows.map((row) => oracle.predict(row));
  expect(answer.result, what).toEqual(want.map((w) => w?.label));
  expect(answer.probabilities, what).toHaveLength(rows.length);
  for (const [i, p] of answer.probabilities.entries()) {
    expect(probabilitiesClose(p, want[i]?.probabilities ?? []), `${what} row ${i}: ${p}`).toBe(true);
  }
}

describe("a multiclass model with a string column", () => {
  it("answers labels, the classes and each row's probabilities, as the centroids say", async () => {
    expect(server.columns).toEqual(COLUMNS);
    expect(server.predictor.predictMatrix).toBeUndefined(); // a string column: the general path
    const { status, json } = await postScore(server.url, JSON.stringify({ data: ROWS }));
    expect(status).toBe(200);
    expectOracle(json, ROWS);
    // Every class is predicted somewhere, and the uncertain row really is uncertain (no degenerate answers).
    expect(new Set((json as ClassAnswerJson).result)).toEqual(new Set(["apple", "cherry", "melon"]));
    expect(Math.max(...(json as ClassAnswerJson).probabilities[5])).toBeLessThan(0.99);
    // smoke.json's rows get smoke.json's answer.
    const smoke = await postScore(server.url, JSON.stringify({ data: server.smokeRows }));
    expectOracle(smoke.json, server.smokeRows as Row[], "smoke rows");
  });

  it("maps every payload shape by column name to the same answer", async () => {
    const shuffled = ["color", "size", "weight"];
    const at = (row: Row, c: string) => row[COLUMNS.indexOf(c)];
    const record = (row: Row) => Object.fromEntries(shuffled.map((c) => [c, at(row, c)]));
    const bodies = {
      "input_data split": {
        input_data: {
          columns: shuffled,
          index: ROWS.map((_, i) => i),
          data: ROWS.map((r) => shuffled.map((c) => at(r, c))),
        },
      },
      dataframe_records: { dataframe_records: ROWS.map(record) },
      "instances records": { instances: ROWS.map(record) },
      "inputs columnar": { inputs: Object.fromEntries(shuffled.map((c) => [c, ROWS.map((r) => at(r, c))])) },
      "inputs rows": { inputs: ROWS },
    };
    const reference = (await postScore(server.url, JSON.stringify({ data: ROWS }))).json;
    for (const [shape, body] of Object.entries(bodies)) {
      const { status, json } = await postScore(server.url, JSON.stringify(body));
      expect(status, shape).toBe(200);
      expect(json, shape).toEqual(reference);
    }
  });

  it.each([
    ["a number in the string column", [[3, 1.5, 3]], "data[0][2] (color) must be a string, got 3"],
    ["null in the string column", [ROWS[0], [3, 1.5, null]], "data[1][2] (color) must be a string, got null"],
    ["a list in the string column", [[3, 1.5, ["red"]]], "data[0][2] (color) must be a string, got an array"],
    [
      "a string in a double column",
      [[3, "1.5", "red"]],
      'data[0][1] (weight) must be a finite number, got the string "1.5"',
    ],
    ["a row too short", [[3, 1.5]], "data[0] has 2 values, expected 3 (size, weight, color)"],
  ])("%s → 400 naming the cell", async (_name, data, message) => {
    const res = await postScore(server.url, JSON.stringify({ data }));
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toBe(message);
  });

  it("a wrong type in a record names the row and the column", async () => {
    const body = {
      dataframe_records: [
        { size: 3, weight: 1, color: "red" },
        { size: 3, weight: 1, color: false },
      ],
    };
    const res = await postScore(server.url, JSON.stringify(body));
    expect([res.status, (res.json as { error: string }).error]).toEqual([
      400,
      "dataframe_records[1][2] (color) must be a string, got false",
    ]);
  });

  it("a colour the model never saw is the model's ScoringInputError: a 400 saying so, logged", async () => {
    expect(oracle.predict([3, 1.5, "purple"])).toBeUndefined();
    const res = await postScore(server.url, JSON.stringify({ data: [ROWS[0], [3, 1.5, "purple"]] }), {
      "x-ms-request-id": "unknown-colour",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json");
    const { error } = res.json as { error: string };
    expect(error).toContain("color 'purple' was never seen in training (green, red, yellow)");
    // The same colour in another case is another string: refused too.
    expect((await postScore(server.url, JSON.stringify({ data: [[3, 1.5, "Red"]] }))).status).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the log's flush interval
    const line = server.sink.records().find((r) => r.requestId === "unknown-colour");
    expect(line).toMatchObject({ status: 400, predictions: 0, error });
  });
});

describe("GET /swagger.json of a classifier", () => {
  it("types each column and describes the answer: a label per row, the classes, per-row probabilities", async () => {
    const doc = (await (await fetch(`${server.url}/swagger.json`)).json()) as {
      info: { description: string };
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(doc.info.description).toBe("nearest_centroid (multiclass): predicts kind from size, weight, color.");
    const { Record: record, Row: row, ScoreResponse: response } = doc.components.schemas;
    expect(record.properties).toEqual({
      size: { type: "number", format: "double" },
      weight: { type: "number", format: "double" },
      color: { type: "string" },
    });
    expect(row.description).toBe("One row: size (double), weight (double), color (string)");
    expect(response.required).toEqual(["result", "classes", "probabilities"]);

    const ajv = new Ajv({ strict: false, formats: { double: true, int64: true } });
    const request = ajv.compile({ $ref: "#/components/schemas/ScoreRequest", components: doc.components });
    expect(request({ data: ROWS })).toBe(true);
    expect(request({ dataframe_records: [{ size: 3, weight: 1, color: "red" }] })).toBe(true);
    expect(request({ dataframe_records: [{ size: 3, weight: 1, color: 3 }] })).toBe(false);
    expect(request({ dataframe_records: [{ size: "3", weight: 1, color: "red" }] })).toBe(false);
    expect(request({ inputs: { size: [3], weight: [1], color: [true] } })).toBe(false);
    expect(request({ data: [[3, 1, null]] })).toBe(false);

    const answer = ajv.compile({ $ref: "#/components/schemas/ScoreResponse", components: doc.components });
    const real = (await postScore(server.url, JSON.stringify({ data: ROWS }))).json as ClassAnswerJson;
    expect(answer(real)).toBe(true);
    expect(answer({ ...real, result: ["banana", ...real.result.slice(1)] })).toBe(false); // not a class
    expect(answer({ ...real, probabilities: [[1.5, 0, 0]] })).toBe(false);
    expect(answer({ result: real.result })).toBe(false); // the classes and probabilities are required
  });
});
