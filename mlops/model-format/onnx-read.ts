import { ONNX_INPUT_NAME, ONNX_IR_VERSION, ONNX_OUTPUT_NAME, OnnxFields } from "./onnx-linear.js";
import { type Field, readFields } from "./protobuf.js";

/** What loadModel checks in model.onnx: the versions and the double weights, read back from the protobuf. */
export interface OnnxLinearInfo {
  readonly irVersion: number;
  readonly opset: number;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly coefficients: readonly number[];
  readonly intercept: number;
}

const { Model, Graph, Node, Tensor, DOUBLE } = OnnxFields;
const EXPECTED_WIRING = `MatMul(${ONNX_INPUT_NAME},coefficients)→product Add(product,intercept)→${ONNX_OUTPUT_NAME}`;
const GRAPH_DESCRIPTION = `MatMul(${ONNX_INPUT_NAME}, coefficients) then Add(…, intercept) → ${ONNX_OUTPUT_NAME}`;
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const bytesOf = (fields: Field[], field: number): Uint8Array[] =>
  fields.flatMap((f) => (f.field === field && "bytes" in f ? [f.bytes] : []));
const intOf = (fields: Field[], field: number): number | undefined =>
  fields.find((f): f is { field: number; value: number } => f.field === field && "value" in f)?.value;

/**
 * Reads back an ONNX file written by linearModelToOnnx. Throws a message naming what is missing or wrong;
 * the caller prefixes the file name.
 */
export function readOnnxLinear(data: Uint8Array): OnnxLinearInfo {
  const model = readFields(data);
  const irVersion = intOf(model, Model.irVersion);
  if (irVersion === undefined || irVersion < 3 || irVersion > ONNX_IR_VERSION)
    throw new Error(`ir_version must be 3..${ONNX_IR_VERSION}, got ${irVersion}`);
  const opset = bytesOf(model, Model.opsetImport)
    .map(readFields)
    .find((f) => text(bytesOf(f, 1)[0] ?? new Uint8Array()) === "");
  const graphBytes = bytesOf(model, Model.graph)[0];
  if (!graphBytes) throw new Error("no graph");
  const graph = readFields(graphBytes);
  const wiring = bytesOf(graph, Graph.node)
    .map(readFields)
    .map((n) => {
      const strings = (field: number): string => bytesOf(n, field).map(text).join(",");
      return `${strings(Node.opType)}(${strings(Node.input)})→${strings(Node.output)}`;
    });
  if (wiring.join(" ") !== EXPECTED_WIRING)
    throw new Error(`the graph must be ${GRAPH_DESCRIPTION}, got ${wiring.join(" ") || "no nodes"}`);
  const tensors = new Map(
    bytesOf(graph, Graph.initializer).map((bytes) => {
      const t = readFields(bytes);
      return [text(bytesOf(t, Tensor.name)[0] ?? new Uint8Array()), t] as const;
    }),
  );
  const doubles = (name: string): number[] => {
    const t = tensors.get(name);
    if (!t) throw new Error(`no initializer "${name}"`);
    if (intOf(t, Tensor.dataType) !== DOUBLE) throw new Error(`initializer "${name}" is not double`);
    const raw = bytesOf(t, Tensor.rawData)[0] ?? new Uint8Array();
    if (raw.length % 8 !== 0) throw new Error(`initializer "${name}" has ${raw.length} raw bytes, not whole doubles`);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: raw.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
  };
  const names = (field: number): string[] => bytesOf(graph, field).map((v) => text(bytesOf(readFields(v), 1)[0]));
  const intercept = doubles("intercept");
  if (intercept.length !== 1) throw new Error(`initializer "intercept" must hold 1 value, got ${intercept.length}`);
  const info: OnnxLinearInfo = {
    irVersion,
    opset: opset ? (intOf(opset, 2) ?? 0) : 0,
    inputs: names(Graph.input),
    outputs: names(Graph.output),
    coefficients: doubles("coefficients"),
    intercept: intercept[0],
  };
  if (info.inputs.join() !== ONNX_INPUT_NAME || info.outputs.join() !== ONNX_OUTPUT_NAME)
    throw new Error(
      `graph must map "${ONNX_INPUT_NAME}" to "${ONNX_OUTPUT_NAME}", got ${info.inputs} → ${info.outputs}`,
    );
  return info;
}
