// A minimal protocol-buffers wire-format writer and reader: just what an ONNX file of a linear model needs
// (varints, length-delimited fields). ONNX's schema is tiny here, so a dependency on a protobuf runtime is not
// worth it; the Debian ONNX checker and onnxruntime verify the bytes in the tests.

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

/** One decoded field: a varint's value, or a length-delimited field's bytes. */
export type Field =
  | { readonly field: number; readonly value: number }
  | { readonly field: number; readonly bytes: Uint8Array };

/**
 * Splits a message into its top-level fields. Fixed-width fields (wire types 1 and 5) are skipped: the ONNX
 * messages we read back never need them. Throws on truncated or malformed input.
 */
export function readFields(data: Uint8Array): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= data.length) throw new Error("truncated protobuf varint");
      const byte = data[pos++];
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 0x80;
      if (scale > 2 ** 63) throw new Error("protobuf varint too long");
    }
  };
  while (pos < data.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === WIRE_VARINT) fields.push({ field, value: readVarint() });
    else if (wire === WIRE_LEN) {
      const length = readVarint();
      if (pos + length > data.length) throw new Error(`truncated protobuf field ${field}`);
      fields.push({ field, bytes: data.subarray(pos, pos + length) });
      pos += length;
    } else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire} (field ${field})`);
  }
  if (pos !== data.length) throw new Error("truncated protobuf fixed-width field");
  return fields;
}
