import type { LinearModel } from "../../training/types.js";
import { MessageWriter } from "./protobuf.js";

/** IR version 8 and opset 17: what ONNX 1.12 (Debian's checker) accepts and every onnxruntime since 1.12 runs. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;
/** The graph's input: [N, n_features] double, the features in the model's order. */
export const ONNX_INPUT_NAME = "input";
/** The graph's output: [N, 1] double, the predictions (MLflow's pyfunc flattens it to one column). */
export const ONNX_OUTPUT_NAME = "predictions";
const WEIGHTS = "coefficients";
const BIAS = "intercept";

// onnx.proto field numbers (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto).
const DOUBLE = 11; // TensorProto.DataType.DOUBLE
const Model = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  docString: 6,
  graph: 7,
  opsetImport: 8,
  metadata: 14,
};
const Graph = { node: 1, name: 2, initializer: 5, input: 11, output: 12 };
const Node = { input: 1, output: 2, name: 3, opType: 4 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
export const OnnxFields = { Model, Graph, Node, Tensor, DOUBLE } as const;

/**
 * Encodes the linear model as an ONNX model in double precision: `predictions = input · coefficients + intercept`
 * (MatMul + Add), so onnxruntime reproduces the TS model to the last bits instead of float32's 7 digits.
 * `metadata` lands in the model's metadata_props (shown by Netron, readable from onnxruntime).
 */
export function linearModelToOnnx(
  model: LinearModel,
  producerVersion: string,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const n = model.coefficients.length;
  const graph = new MessageWriter()
    .message(Graph.node, node("MatMul", [ONNX_INPUT_NAME, WEIGHTS], ["product"]))
    .message(Graph.node, node("Add", ["product", BIAS], [ONNX_OUTPUT_NAME]))
    .string(Graph.name, "linear_regression")
    .message(Graph.initializer, doubleTensor(WEIGHTS, [n, 1], model.coefficients))
    .message(Graph.initializer, doubleTensor(BIAS, [1], [model.intercept]))
    .message(Graph.input, doubleValueInfo(ONNX_INPUT_NAME, ["N", n]))
    .message(Graph.output, doubleValueInfo(ONNX_OUTPUT_NAME, ["N", 1]));
  const out = new MessageWriter()
    .int(Model.irVersion, ONNX_IR_VERSION)
    .string(Model.producerName, "mlopsts")
    .string(Model.producerVersion, producerVersion)
    .string(Model.docString, `${model.type} regression of ${model.target} on ${model.featureNames.join(", ")}`)
    .message(Model.graph, graph)
    .message(Model.opsetImport, new MessageWriter().string(1, "").int(2, ONNX_OPSET));
  for (const [key, value] of Object.entries(metadata)) {
    out.message(Model.metadata, new MessageWriter().string(1, key).string(2, value));
  }
  return out.finish();
}

function node(opType: string, inputs: readonly string[], outputs: readonly string[]): MessageWriter {
  const writer = new MessageWriter();
  for (const name of inputs) writer.string(Node.input, name);
  for (const name of outputs) writer.string(Node.output, name);
  return writer.string(Node.name, opType.toLowerCase()).string(Node.opType, opType);
}

function doubleTensor(name: string, dims: readonly number[], values: readonly number[]): MessageWriter {
  const writer = new MessageWriter();
  for (const dim of dims) writer.int(Tensor.dims, dim);
  // raw_data is little-endian by the ONNX spec; DataView pins the byte order whatever the host's.
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return writer.int(Tensor.dataType, DOUBLE).string(Tensor.name, name).bytes(Tensor.rawData, raw);
}

/** A ValueInfoProto for a double tensor; a string dimension is symbolic (dim_param), a number fixed. */
function doubleValueInfo(name: string, shape: readonly (string | number)[]): MessageWriter {
  const dims = new MessageWriter();
  for (const dim of shape) {
    const d = new MessageWriter();
    if (typeof dim === "string") d.string(2, dim);
    else d.int(1, dim);
    dims.message(1, d);
  }
  const tensorType = new MessageWriter().int(1, DOUBLE).message(2, dims);
  return new MessageWriter().string(1, name).message(2, new MessageWriter().message(1, tensorType));
}
