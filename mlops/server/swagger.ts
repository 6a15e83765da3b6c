import type { CellValue, ColumnType, ModelInfo } from "../contract/index.js";

/** What the OpenAPI document describes: the model's signature and task, and an example request. */
export interface SwaggerInput {
  readonly title: string;
  readonly info: ModelInfo;
  readonly example?: { readonly data: readonly (readonly CellValue[])[] };
  readonly auth: boolean;
}

/** The JSON Schema of one column's values. */
const VALUE: Readonly<Record<ColumnType, object>> = {
  double: { type: "number", format: "double" },
  long: { type: "integer", format: "int64" },
  string: { type: "string" },
  boolean: { type: "boolean" },
};

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

/** The OpenAPI 3.0 document served at GET /swagger.json, generated from the model's signature and task. */
export function swaggerDocument(input: SwaggerInput): object {
  const { inputs, target } = input.info.signature;
  const columns = inputs.map((c) => c.name);
  const width = columns.length;
  const record = {
    type: "object",
    additionalProperties: false,
    required: [...columns],
    properties: Object.fromEntries(inputs.map((c) => [c.name, VALUE[c.type]])),
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
    properties: Object.fromEntries(inputs.map((c) => [c.name, { type: "array", items: VALUE[c.type] }])),
  };
  const schemas = {
    Row: {
      type: "array",
      description: `One row: ${inputs.map((c) => `${c.name} (${c.type})`).join(", ")}`,
      // anyOf, not oneOf: an integer is both a `number` (double) and an `integer` (long), and must match.
      items: { anyOf: [...new Set(inputs.map((c) => c.type))].map((t) => VALUE[t]) },
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
    ScoreResponse: scoreResponse(input.info),
    Error: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
  };
  const security = input.auth ? [{ bearer: [] }] : [];
  return {
    openapi: "3.0.3",
    info: {
      title: input.title,
      version: "1",
      description: `${input.info.kind} (${input.info.task}): predicts ${target.name} from ${columns.join(", ")}.`,
    },
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

/** The answer: a value per row, or a class per row with the classes and each row's probabilities. */
function scoreResponse(info: ModelInfo): object {
  const { target } = info.signature;
  if (info.task === "regression") {
    const result = { type: "array", description: `Predicted ${target.name}, one per row`, items: VALUE.double };
    return { type: "object", required: ["result"], properties: { result } };
  }
  const classes = info.classes ?? [];
  // A boolean target is held as 1/0 (frame.ts), so its classes are the numbers 0 and 1.
  const base =
    target.type === "boolean" ? { type: "integer", description: "1 for true, 0 for false" } : VALUE[target.type];
  const label = { ...base, ...(classes.length > 0 ? { enum: [...classes] } : {}) };
  return {
    type: "object",
    required: ["result", "classes", "probabilities"],
    properties: {
      result: { type: "array", description: `Predicted ${target.name} (a class), one per row`, items: label },
      classes: { type: "array", description: "The classes, in the order of each row's probabilities", items: label },
      probabilities: {
        type: "array",
        description: "Per row, one probability per class",
        items: { type: "array", items: { type: "number", minimum: 0, maximum: 1 } },
      },
    },
  };
}
