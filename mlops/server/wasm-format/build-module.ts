// Compiles the number formatter's .wat files into module.generated.ts (the bytes, base64). Run after editing them:
//   npm run build:wasm
// The module is the .wat files (module fields only) inside one (module ...) plus data segments for the tables,
// which are computed here with BigInt rather than typed in. A test compiles the same text again and fails when the
// generated file is stale. The server never imports this file: wabt is a development dependency only.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compileWatText, generatedSource as source, writeGenerated } from "../wasm/build.js";

const HERE = import.meta.dirname;
export const WAT_FILES = ["format-join.wat", "ryu-shortest.wat", "ryu-exact.wat", "write-decimal.wat"];
export const GENERATED_PATH = join(HERE, "module.generated.ts");

// Where the .wat reads its tables (the memory map is in format-join.wat's header).
const DIGIT_PAIRS_AT = 0;
const POWERS_OF_TEN_AT = 256;
const POW5_INV_SPLIT_AT = 1024;
const POW5_SPLIT_AT = 6656;
// Ryu's table sizes and bit counts for doubles (d2s_full_table.h): every e2 of a double needs q < 342, i < 326.
const POW5_INV_COUNT = 342;
const POW5_COUNT = 326;
const POW5_BITS = 125n;

const bitLength = (n: bigint) => BigInt(n.toString(2).length);

// `values` as little-endian unsigned integers of `bytes` bytes each (the tables' layout in memory).
function littleEndian(values: readonly bigint[], bytes: number): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  for (const [i, value] of values.entries()) {
    let v = value;
    for (let b = 0; b < bytes; b++, v >>= 8n) out[i * bytes + b] = Number(v & 0xffn);
    if (v !== 0n) throw new Error(`table value ${value} does not fit ${bytes} bytes: widen the table entries`);
  }
  return out;
}

// Ryu's DOUBLE_POW5_INV_SPLIT[q] = ⌊2^(bitlength(5^q) - 1 + 125) / 5^q⌋ + 1 and DOUBLE_POW5_SPLIT[i] = 5^i scaled
// to its top 125 bits (as its Java table generator computes them), 128-bit entries.
function pow5Tables(): { inverse: bigint[]; direct: bigint[] } {
  const inverse = Array.from({ length: POW5_INV_COUNT }, (_, q) => {
    const pow = 5n ** BigInt(q);
    return (1n << (bitLength(pow) - 1n + POW5_BITS)) / pow + 1n;
  });
  const direct = Array.from({ length: POW5_COUNT }, (_, i) => {
    const pow = 5n ** BigInt(i);
    const shift = bitLength(pow) - POW5_BITS;
    return shift >= 0n ? pow >> shift : pow << -shift;
  });
  return { inverse, direct };
}

function dataSegment(at: number, bytes: Uint8Array): string {
  const escaped = Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
  return `  (data (i32.const ${at}) "${escaped}")`;
}

/** The whole module's text: the .wat files inside (module ...) and the tables as data segments. */
export async function moduleText(): Promise<string> {
  const sources = await Promise.all(WAT_FILES.map((file) => readFile(join(HERE, file), "utf8")));
  const pairs = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0")).join("");
  const { inverse, direct } = pow5Tables();
  const data = [
    dataSegment(DIGIT_PAIRS_AT, new TextEncoder().encode(pairs)),
    dataSegment(
      POWERS_OF_TEN_AT,
      littleEndian(
        Array.from({ length: 20 }, (_, i) => 10n ** BigInt(i)),
        8,
      ),
    ),
    dataSegment(POW5_INV_SPLIT_AT, littleEndian(inverse, 16)),
    dataSegment(POW5_SPLIT_AT, littleEndian(direct, 16)),
  ];
  return `(module\n${sources.join("\n")}\n${data.join("\n")}\n)\n`;
}

/** The module compiled to WebAssembly bytes (deterministic for a given wabt version). */
export async function compileWat(): Promise<Uint8Array> {
  return compileWatText("wasm-format.wat", await moduleText());
}

/** The text of module.generated.ts for these bytes. */
export function generatedSource(bytes: Uint8Array): string {
  return source("mlops/server/wasm-format/build-module.ts from its .wat files", "FORMAT_NUMBERS_WASM", bytes);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const bytes = await compileWat();
  await writeGenerated(GENERATED_PATH, generatedSource(bytes), bytes);
}
