// The OpenAPI document for column and target types the fixtures do not cover: a double next to a long column, and a
// classifier with a boolean target. Each schema is compiled with Ajv and must accept what the server accepts and
// answers, and refuse the rest.
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import type { ModelInfo } from "../../../mlops/contract/index.js";
import { swaggerDocument } from "../../../mlops/server/swagger.js";

const INFO: ModelInfo = {
  kind: "any",
  task: "binary",
  signature: {
    inputs: [
      { name: "amount", type: "double" },
      { name: "count", type: "long" },
    ],
    target: { name: "fraud", type: "boolean" },
  },
  hyperparameters: {},
  classes: [0, 1],
};

const schemaOf = (name: string) => {
  const doc = swaggerDocument({ title: "t", info: INFO, auth: false }) as { components: object };
  const ajv = new Ajv({ strict: false, formats: { double: true, int64: true } });
  return ajv.compile({ $ref: `#/components/schemas/${name}`, components: doc.components });
};

describe("swagger.json for mixed numeric columns and a boolean target", () => {
  it("a row may hold an integer in a double column (anyOf, not oneOf)", () => {
    const request = schemaOf("ScoreRequest");
    expect(request({ data: [[1.5, 3]] }), JSON.stringify(request.errors)).toBe(true);
    expect(request({ data: [[2, 3]] }), JSON.stringify(request.errors)).toBe(true);
    expect(request({ data: [["2", 3]] })).toBe(false);
    expect(request({ data: [[2]] })).toBe(false);
  });

  it("the answer's classes of a boolean target are 0 and 1 (as the server answers them)", () => {
    const answer = schemaOf("ScoreResponse");
    const ok = {
      result: [1, 0],
      classes: [0, 1],
      probabilities: [
        [0.25, 0.75],
        [0.5, 0.5],
      ],
    };
    expect(answer(ok), JSON.stringify(answer.errors)).toBe(true);
    expect(answer({ ...ok, result: [true, false] })).toBe(false);
    expect(answer({ ...ok, result: [2, 0] })).toBe(false);
  });
});
