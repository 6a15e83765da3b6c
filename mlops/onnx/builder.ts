// Builds ONNX model files (onnx.proto field numbers, https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) for a
// model's ONNX export: nodes, double-precision initializers and value infos, the model header and metadata.
import { MessageWriter } from "./protobuf.js";

/** IR version 8 and opset 17: what ONNX 1.12+ (Debian's checker) accepts and every onnxruntime since 1.12 runs. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 17;

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
const Node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
const Tensor = { dims: 1, dataType: 2, name: 8, rawData: 9 };
const Attribute = { name: 1, i: 3, type: 20 };
const ATTRIBUTE_INT = 2;

/** A graph node: an operator, its inputs and outputs by name, integer attributes. */
export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly intAttributes?: Readonly<Record<string, number>>;
}

/** A constant tensor of doubles (row-major `values`, shape `dims`). */
export interface OnnxDoubleTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
}

/** A graph input or output: a double tensor; a string dimension is symbolic (e.g. "N"), a number fixed. */
export interface OnnxValue {
  readonly name: string;
  readonly shape: readonly (string | number)[];
}

/** What `onnxModel` writes. */
export interface OnnxModelSpec {
  readonly graphName: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxDoubleTensor[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
  readonly producerVersion: string;
  readonly docString?: string;
  /** Lands in metadata_props (shown by Netron, readable from onnxruntime). */
  readonly metadata?: Readonly<Record<string, string>>;
}

/** The ONNX file's bytes. */
export function onnxModel(spec: OnnxModelSpec): Uint8Array {
  const graph = new MessageWriter();
  for (const n of spec.nodes) graph.message(Graph.node, node(n));
  graph.string(Graph.name, spec.graphName);
  for (const t of spec.initializers) graph.message(Graph.initializer, doubleTensor(t));
  for (const v of spec.inputs) graph.message(Graph.input, doubleValueInfo(v));
  for (const v of spec.outputs) graph.message(Graph.output, doubleValueInfo(v));
  const out = new MessageWriter()
    .int(Model.irVersion, ONNX_IR_VERSION)
    .string(Model.producerName, "mlopsts")
    .string(Model.producerVersion, spec.producerVersion);
  if (spec.docString) out.string(Model.docString, spec.docString);
  out.message(Model.graph, graph).message(Model.opsetImport, new MessageWriter().string(1, "").int(2, ONNX_OPSET));
  for (const [key, value] of Object.entries(spec.metadata ?? {})) {
    out.message(Model.metadata, new MessageWriter().string(1, key).string(2, value));
  }
  return out.finish();
}

function node(n: OnnxNode): MessageWriter {
  const writer = new MessageWriter();
  for (const name of n.inputs) writer.string(Node.input, name);
  for (const name of n.outputs) writer.string(Node.output, name);
  writer.string(Node.name, n.name ?? n.op.toLowerCase()).string(Node.opType, n.op);
  for (const [name, value] of Object.entries(n.intAttributes ?? {})) {
    writer.message(
      Node.attribute,
      new MessageWriter().string(Attribute.name, name).int(Attribute.i, value).int(Attribute.type, ATTRIBUTE_INT),
    );
  }
  return writer;
}

function doubleTensor(t: OnnxDoubleTensor): MessageWriter {
  const writer = new MessageWriter();
  for (const dim of t.dims) writer.int(Tensor.dims, dim);
  // raw_data is little-endian by the ONNX spec; DataView pins the byte order whatever the host's.
  const raw = new Uint8Array(t.values.length * 8);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < t.values.length; i++) view.setFloat64(i * 8, t.values[i], true);
  return writer.int(Tensor.dataType, DOUBLE).string(Tensor.name, t.name).bytes(Tensor.rawData, raw);
}

function doubleValueInfo(v: OnnxValue): MessageWriter {
  const dims = new MessageWriter();
  for (const dim of v.shape) {
    const d = new MessageWriter();
    if (typeof dim === "string") d.string(2, dim);
    else d.int(1, dim);
    dims.message(1, d);
  }
  const tensorType = new MessageWriter().int(1, DOUBLE).message(2, dims);
  return new MessageWriter().string(1, v.name).message(2, new MessageWriter().message(1, tensorType));
}
