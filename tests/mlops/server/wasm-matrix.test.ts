import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileWat, GENERATED_PATH, generatedSource } from "../../../mlops/server/wasm-matrix/build-module.js";
import { WasmMatrixParser } from "../../../mlops/server/wasm-matrix/index.js";
import { PARSE_MATRIX_WASM } from "../../../mlops/server/wasm-matrix/module.generated.js";
import { numberText } from "./number-text.js";

const PEER = join(import.meta.dirname, "../../../bench/peer-flask");
const body = (rows: readonly (readonly (string | number)[])[]) => `{"data":[${rows.map((r) => `[${r.join(",")}]`)}]}`;

/** Asserts every value the parser gave is the double JSON.parse gives for `text`, bit for bit. */
function expectExact(parser: WasmMatrixParser, text: string): boolean {
  const m = parser.parse(Buffer.from(text));
  if (m === undefined) return false;
  const expected = (JSON.parse(text) as { data: number[][] }).data.flat();
  expect(m.rows * m.cols).toBe(expected.length);
  for (const [i, v] of expected.entries()) expect(Object.is(m.data[i], v), `${text} [${i}]: ${m.data[i]}`).toBe(true);
  return true;
}

describe("the WebAssembly /score parser (parse-matrix.wat)", () => {
  it("module.generated.ts is the current .wat compiled (run `npm run build:wasm` after editing the .wat)", async () => {
    const bytes = await compileWat();
    expect(Buffer.from(bytes).toString("base64")).toBe(PARSE_MATRIX_WASM);
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generatedSource(bytes));
  });

  it("whenever it answers, it answers JSON.parse's doubles, bit for bit", () => {
    const parser = new WasmMatrixParser(3);
    fc.assert(
      fc.property(
        fc.array(fc.array(numberText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const text = body(rows);
          if ((JSON.parse(text) as { data: number[][] }).data.flat().every(Number.isFinite)) expectExact(parser, text);
          else expect(parser.parse(Buffer.from(text))).toBeUndefined();
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("answers (does not decline) the numbers clients send: shortest round-trip doubles in plain notation", () => {
    const parser = new WasmMatrixParser(1);
    let declined = 0;
    // Doubles of every mantissa at the magnitudes features have (10^-6..10^6), both signs.
    const samples = fc.sample(
      fc
        .tuple(
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          fc.integer({ min: 0, max: 2 ** 22 - 1 }),
          fc.integer({ min: -6, max: 6 }),
          fc.boolean(),
        )
        .map(([a, b, e, negative]) => ((a * 2 ** 22 + b) / 2 ** 53) * 10 ** e * (negative ? -1 : 1)),
      { numRuns: 8_000, seed: 42 },
    );
    // Plain decimals (what String() prints from 1e-7 up) must take this path; tiny numbers in e-notation whose
    // scale passes 10^-22 (e.g. 2.79e-15: 17 digits at 10^-31) are left to the JavaScript path, exact too.
    const plain = samples.map(String).filter((text) => !text.includes("e"));
    for (const text of plain) if (!expectExact(parser, body([[text]]))) declined++;
    expect(plain.length).toBeGreaterThan(6_000);
    expect(declined / plain.length).toBeLessThan(0.001);
    for (const file of ["body_1", "body_100", "body_smoke"]) {
      expect(expectExact(new WasmMatrixParser(10), readFileSync(`${PEER}/${file}.json`, "utf8")), file).toBe(true);
    }
  });

  it("proves its roundings on the hard cases or declines them: 19 digits, halfway points, every scale", () => {
    const parser = new WasmMatrixParser(1);
    const halfway = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true, min: 1e-6, max: 1e6 }), {
      numRuns: 2000,
      seed: 7,
    });
    for (const x of halfway) {
      // 19 significant digits around x and around the midpoint to its successor: near a rounding boundary.
      const next = x + (x * 2 ** -53 || Number.MIN_VALUE);
      for (const y of [x, (x + next) / 2, next]) expectExact(parser, body([[y.toPrecision(19)]]));
    }
    // Exact ties between two doubles (round half to even), written with 17 to 19 digits: odd multiples of half
    // an ulp in [2^52, 2^53) (ulp 1), [2^51, 2^52) (ulp 1/2) and [2^50, 2^51) (ulp 1/4).
    const odd = fc.sample(fc.bigInt({ min: 0n, max: 2n ** 50n - 1n }), { numRuns: 300, seed: 11 });
    for (const r of odd) {
      for (const [bits, fraction] of [
        [1n, ["5"]],
        [2n, ["25", "75"]],
        [3n, ["125", "375", "625", "875"]],
      ] as const) {
        const m = 2n ** (52n + bits) + 2n * r + 1n; // odd, so m / 2^bits has `bits` fraction bits
        const text = `${m >> bits}.${fraction[Number((m & ((1n << bits) - 1n)) >> 1n)]}`;
        expectExact(parser, body([[text], [`-${text}`]]));
      }
    }
    for (let k = 0; k <= 22; k++) {
      for (const digits of ["9007199254740993", "1234567890123456789", "9999999999999999999", "1"]) {
        expectExact(parser, body([[`${digits}e-${k}`], [`0.${"0".repeat(k)}${digits}`], [`-${digits}e${k}`]]));
      }
    }
  });

  it("grows its memory for a 1 MiB body and keeps working for small ones after", () => {
    const parser = new WasmMatrixParser(10);
    const rows = Array.from({ length: 5200 }, (_, i) =>
      Array.from({ length: 10 }, (_, j) => Math.sin(i * 10 + j) / 10),
    );
    const big = body(rows);
    expect(big.length).toBeGreaterThan(2 ** 20);
    expect(expectExact(parser, big)).toBe(true);
    expect(expectExact(parser, body([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]))).toBe(true);
    expect(parser.parse(Buffer.from('{"data": [[1,2,3,4,5,6,7,8,9,10]]} x'))).toBeUndefined();
  });
});
