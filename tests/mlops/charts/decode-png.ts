import { crc32, inflateSync } from "node:zlib";

/** A decoded 8-bit RGB PNG. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly chunks: readonly string[];
  pixel(x: number, y: number): [number, number, number];
}

/**
 * An independent PNG reader for the tests: checks the signature and every chunk's CRC (node:zlib's crc32),
 * reads IHDR, inflates the IDAT stream and undoes filter type 0. Throws on anything else.
 */
export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    throw new Error("not a PNG signature");
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  for (let pos = 8; pos < file.length; ) {
    const length = file.readUInt32BE(pos);
    const type = file.toString("latin1", pos + 4, pos + 8);
    const data = file.subarray(pos + 8, pos + 8 + length);
    if (crc32(file.subarray(pos + 4, pos + 8 + length)) !== file.readUInt32BE(pos + 8 + length))
      throw new Error(`bad CRC in ${type}`);
    chunks.push(type);
    if (type === "IHDR") header = data;
    if (type === "IDAT") idat.push(data);
    pos += 12 + length;
  }
  if (!header) throw new Error("no IHDR");
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  if (header[8] !== 8 || header[9] !== 2) throw new Error(`want 8-bit RGB, got depth ${header[8]} type ${header[9]}`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3 + 1;
  if (raw.length !== stride * height) throw new Error(`IDAT holds ${raw.length} bytes, want ${stride * height}`);
  for (let y = 0; y < height; y++)
    if (raw[y * stride] !== 0) throw new Error(`row ${y} uses filter ${raw[y * stride]}`);
  return {
    width,
    height,
    chunks,
    pixel: (x, y) => {
      const i = y * stride + 1 + x * 3;
      return [raw[i], raw[i + 1], raw[i + 2]];
    },
  };
}
