import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileWat, GENERATED_PATH, generatedSource } from "../../../mlops/server/wasm-format/build-module.js";
import { WasmNumberFormatter } from "../../../mlops/server/wasm-format/index.js";
import { FORMAT_NUMBERS_WASM } from "../../../mlops/server/wasm-format/module.generated.js";

const BUILD = "npm run build:wasm";

/** mulberry32: a fixed-seed stream of 32-bit integers, so a failure reproduces. */
function random32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const bits = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return `0x${view.getBigUint64(0).toString(16).padStart(16, "0")}`;
};
const fromBits = (b: bigint) => new Float64Array(new BigUint64Array([b]).buffer)[0] as number;
const toBits = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0] as bigint;

/** Asserts formatter.join(values) is values.join(","); names the first value that differs, with its bits. */
function expectJoin(formatter: WasmNumberFormatter, values: Float64Array | readonly number[]): void {
  const doubles = Float64Array.from(values);
  const got = formatter.join(doubles);
  const want = doubles.join(",");
  if (got === want) return;
  const texts = got.split(",");
  const i = doubles.findIndex((x, j) => String(x) !== texts[j]);
  const x = doubles[i] as number;
  expect.fail(
    i < 0
      ? `join of ${doubles.length} values: ${got.length} characters, ${want.length} expected (the separators differ)`
      : `value ${i} of ${doubles.length}: String(x) is ${String(x)} (bits ${bits(x)}), the formatter wrote ${texts[i]}`,
  );
}

/** Every double whose bits are within `spread` of x's (its neighbours), finite and of either sign. */
function around(x: number, spread: number): number[] {
  const out: number[] = [];
  for (let d = -spread; d <= spread; d++) {
    const b = toBits(x) + BigInt(d);
    if (b < 0n || b >= 1n << 64n) continue;
    const y = fromBits(b);
    if (Number.isFinite(y)) out.push(y, -y);
  }
  return out;
}

describe("the WebAssembly number formatter (Ryu, format-join.wat)", () => {
  it(`module.generated.ts is the current .wat files and tables compiled (run \`${BUILD}\` after editing)`, async () => {
    const bytes = await compileWat();
    expect(Buffer.from(bytes).toString("base64")).toBe(FORMAT_NUMBERS_WASM);
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generatedSource(bytes));
  });

  it("writes String(x) for the edge cases: zeros, subnormals, extremes, every layout boundary", () => {
    const formatter = new WasmNumberFormatter();
    const edges = [
      0,
      -0,
      5e-324,
      2.2250738585072014e-308,
      2.225073858507201e-308,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      Number.EPSILON,
      Number.MAX_SAFE_INTEGER,
      1,
      0.1,
      0.2,
      0.3,
      0.1 + 0.2,
      1 / 3,
      2 / 3,
      1e21,
      1e-7,
      1e-6,
      123456789012345680000,
      Number("9007199254740993"), // rounds to 2^53 (a literal would, and biome rejects it)
      5e21,
      999999999999999900000,
      1e-323,
      1.7976931348623155e308,
    ];
    for (const x of edges) expectJoin(formatter, around(x, 2));
    // The layouts switch at n = 21 / 22 and -5 / -6 (0.000001 but 1e-7): digits of every length across them.
    const digits = ["1", "12", "123456789", "1234567890123456", "12345678901234567", "98765432109876543"];
    for (let e = -30; e <= 30; e++) {
      expectJoin(formatter, around(Number(`1e${e}`), 3));
      expectJoin(formatter, around(Number(`5e${e}`), 1));
      for (const d of digits) expectJoin(formatter, around(Number(`0.${d}e${e}`), 1));
    }
  });

  it("writes String(x) for every power of two (the lower neighbour is closer) and exact integers", () => {
    const formatter = new WasmNumberFormatter();
    const powers: number[] = [];
    for (let e = -1074; e <= 1023; e++) powers.push(...around(2 ** e, 1));
    expectJoin(formatter, powers);
    const integers: number[] = [];
    for (let i = 0; i <= 20_000; i++) integers.push(i, -i, i * 1000, i * 1e15);
    for (const x of [2 ** 53, 2 ** 54, 2 ** 63, 2 ** 64, 10 ** 17, 10 ** 22, 2 ** 70]) integers.push(...around(x, 40));
    expectJoin(formatter, integers);
  });

  it("writes String(x) for exact binary fractions, some exactly halfway between two shortest: half to even", () => {
    const formatter = new WasmNumberFormatter();
    // 12345678901234 + 1/16 is exactly ...234.0625: 17 digits are needed, .062 and .063 are equally close and both
    // read back as it (the ulp is 1/512); V8 (like Ryu) takes the even one. And ...234.1875 gives .188.
    expect(formatter.join(Float64Array.of(12345678901234 + 1 / 16, 12345678901234 + 3 / 16))).toBe(
      "12345678901234.062,12345678901234.188",
    );
    const next = random32(5);
    const fractions: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const n = next() * 2 ** 21 + (next() >>> 11); // up to 2^53
      const scale = 2 ** -(1 + (i % 30)); // n·2^-k: k fraction bits, its decimal ends in 5
      fractions.push(n * scale, (n >>> 0) * scale + 0.5, (i + 0.5) * 10 ** -(i % 20));
    }
    expectJoin(formatter, fractions);
  });

  it("writes String(x) for 250,000 random 64-bit patterns (every exponent, both signs, subnormals)", () => {
    const formatter = new WasmNumberFormatter();
    const next = random32(20_240_601);
    const values = new Float64Array(250_000);
    const words = new Uint32Array(values.buffer);
    for (let i = 0; i < values.length; i++) {
      do {
        words[2 * i] = next();
        words[2 * i + 1] = next();
      } while (!Number.isFinite(values[i]));
    }
    // subnormals and the smallest normals are 1/2048 of random patterns: 5000 more of them
    for (let i = 0; i < 5000; i++) words[2 * i + 1] = (words[2 * i + 1] as number) & 0x801fffff;
    expectJoin(formatter, values);
  });

  it("writes String(x) for 250,000 prediction-like doubles: |x| in 1e-3..1e6, and a·b + c of 17-digit decimals", () => {
    const formatter = new WasmNumberFormatter();
    const next = random32(7);
    const unit = () => (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53; // [0, 1) with all 53 bits random
    const decimal17 = (exponent: number) =>
      Number(
        `${(next() % 9) + 1}.${String(next() % 1e8).padStart(8, "0")}${String(next() % 1e8).padStart(8, "0")}e${exponent}`,
      );
    const values = new Float64Array(250_000);
    for (let i = 0; i < values.length; i += 2) {
      const sign = next() & 1 ? -1 : 1;
      values[i] = sign * 10 ** (unit() * 9 - 3);
      // a linear model's output: coefficient × feature + intercept, each printed with 17 digits
      values[i + 1] = decimal17((next() % 5) - 3) * (sign * decimal17((next() % 3) - 2)) + decimal17(next() % 3);
    }
    expectJoin(formatter, values);
    // the bench's new predictions: one array scaled by 1 + k·2^-40
    const base = values.slice(0, 100);
    for (let k = 1; k <= 200; k++) {
      const scale = 1 + k * 2 ** -40;
      const scaled = base.map((x) => x * scale);
      expectJoin(formatter, scaled);
    }
  });

  it("joins with commas at any count, growing its memory from 1 to 100,000 values and working small after", () => {
    const formatter = new WasmNumberFormatter();
    const next = random32(3);
    expect(formatter.join(new Float64Array(0))).toBe("");
    expect(formatter.join(Float64Array.of(-0))).toBe("0");
    expect(formatter.join(Float64Array.of(1.5, -0, 2, 1e-7, -3e21))).toBe("1.5,0,2,1e-7,-3e+21");
    for (const count of [1, 2, 100, 1000, 10_000, 100_000, 3, 1]) {
      // the longest texts (26 bytes with the comma) at every count, so the space per value is checked too
      const values = Float64Array.from({ length: count }, (_, i) =>
        i % 3 === 0 ? -0.0000012345678901234567 : (i % 3 === 1 ? -1 : 1) * (next() + 1) * 2 ** -(next() % 1080),
      );
      expectJoin(formatter, values);
    }
  });

  it("falls back to Float64Array.prototype.join for NaN and Infinity (callers should not pass them)", () => {
    const formatter = new WasmNumberFormatter();
    for (const odd of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatter.join(Float64Array.of(1.25, odd, 3))).toBe(`1.25,${odd},3`);
    }
    expect(formatter.join(Float64Array.of(0.1))).toBe("0.1");
  });
});
