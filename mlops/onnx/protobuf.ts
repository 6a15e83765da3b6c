// A minimal protocol-buffers wire-format writer: what an ONNX file of a small model needs (varints,
// length-delimited fields). The part of ONNX's schema a model export uses is tiny, so a protobuf runtime (and
// onnx.proto's generated code) is not worth its weight; onnxruntime reads every file we write on every save and
// load, and the Debian ONNX checker checks them in the interop suite.

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

/** Builds one protobuf message, field by field, in the order written. */
export class MessageWriter {
  readonly #chunks: Uint8Array[] = [];

  /** An int32/int64/enum field (non-negative values only: ONNX's dims and versions are). */
  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf varint out of range: ${value}`);
    this.#chunks.push(varint((field << 3) | WIRE_VARINT), varint(value));
    return this;
  }

  /** A string field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A bytes field, or an embedded message given as its encoded bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.#chunks.push(varint((field << 3) | WIRE_LEN), varint(value.length), value);
    return this;
  }

  /** An embedded message. */
  message(field: number, value: MessageWriter): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    return Buffer.concat(this.#chunks);
  }
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}
