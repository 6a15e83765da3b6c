/** What the OpenAPI document describes: the model's signature and an example request. */
export interface SwaggerInput {
  readonly title: string;
  readonly columns: readonly string[];
  readonly output: string;
  readonly example?: { readonly data: readonly (readonly number[])[] };
  readonly auth: boolean;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ "application/json": { schema } });
const error = (description: string) => ({ description, content: json(ref("Error")) });
const rowsOf = (item: unknown) => ({ type: "array", minItems: 1, items: item });
const one = (key: string, schema: unknown) => ({
  type: "object",
  required: [key],
  additionalProperties: false,
  properties: { [key]: schema },
});

/** The OpenAPI 3.0 document served at GET /swagger.json, generated from the model's input columns. */
export function swaggerDocument(input: SwaggerInput): object {
  const { columns } = input;
  const width = columns.length;
  const record = {
    type: "object",
    additionalProperties: false,
    required: [...columns],
    properties: Object.fromEntries(columns.map((c) => [c, { type: "number", format: "double" }])),
  };
  const split = {
    type: "object",
    required: ["data"],
    additionalProperties: false,
    properties: {
      columns: {
        type: "array",
        items: { type: "string", enum: [...columns] },
        minItems: width,
        maxItems: width,
        uniqueItems: true,
      },
      index: { type: "array" },
      data: rowsOf(ref("Row")),
    },
  };
  const rowsOrRecords = { oneOf: [rowsOf(ref("Row")), rowsOf(ref("Record"))] };
  const columnar = {
    type: "object",
    additionalProperties: false,
    required: [...columns],
    properties: Object.fromEntries(columns.map((c) => [c, { type: "array", items: { type: "number" } }])),
  };
  const schemas = {
    Row: {
      type: "array",
      description: `One row: ${columns.join(", ")}`,
      items: { type: "number", format: "double" },
      minItems: width,
      maxItems: width,
    },
    Record: record,
    DataRequest: one("data", rowsOf(ref("Row"))),
    InputDataRequest: one("input_data", { oneOf: [split, rowsOf(ref("Row"))] }),
    DataframeSplitRequest: one("dataframe_split", split),
    DataframeRecordsRequest: one("dataframe_records", rowsOf(ref("Record"))),
    InstancesRequest: one("instances", rowsOrRecords),
    InputsRequest: one("inputs", { oneOf: [rowsOf(ref("Row")), rowsOf(ref("Record")), columnar] }),
    ScoreRequest: {
      oneOf: [
        "DataRequest",
        "InputDataRequest",
        "DataframeSplitRequest",
        "DataframeRecordsRequest",
        "InstancesRequest",
        "InputsRequest",
      ].map(ref),
    },
    ScoreResponse: {
      type: "object",
      required: ["result"],
      properties: {
        result: {
          type: "array",
          description: `Predicted ${input.output}, one per row`,
          items: { type: "number", format: "double" },
        },
      },
    },
    Error: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
  };
  const security = input.auth ? [{ bearer: [] }] : [];
  return {
    openapi: "3.0.3",
    info: { title: input.title, version: "1", description: `Predicts ${input.output} from ${columns.join(", ")}.` },
    paths: {
      "/": {
        get: {
          summary: "Liveness",
          responses: { 200: { description: "Healthy", content: { "text/plain": { schema: { type: "string" } } } } },
        },
      },
      "/swagger.json": {
        get: { summary: "This document", security, responses: { 200: { description: "OpenAPI document" } } },
      },
      "/score": {
        post: {
          summary: "Score rows",
          security,
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: ref("ScoreRequest"), ...(input.example ? { example: input.example } : {}) },
            },
          },
          responses: {
            200: { description: "Predictions, in row order", content: json(ref("ScoreResponse")) },
            400: error("The body is not valid input; the message names what was wrong"),
            401: error("Missing or wrong key"),
            408: error("The request was too slow"),
            413: error("The body is too large"),
            415: error("The body is not JSON"),
          },
        },
      },
    },
    components: { schemas, ...(input.auth ? { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } } : {}) },
  };
}
