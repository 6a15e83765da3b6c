import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createMatrixParser, parseDataMatrix } from "../../../mlops/server/fast-matrix.js";
import { numberText } from "./number-text.js";

const scratch = { data: new Float64Array(0) };
const composed = new Map<number, ReturnType<typeof createMatrixParser>>();
/** The two fast paths: this module's JavaScript parser alone, and the server's (WebAssembly, then JavaScript). */
const PARSERS = {
  javascript: (text: string, width: number) => parseDataMatrix(Buffer.from(text), width, scratch),
  "webassembly then javascript": (text: string, width: number) => {
    const parse = composed.get(width) ?? createMatrixParser(width);
    composed.set(width, parse);
    return parse(Buffer.from(text));
  },
};

describe.each(Object.entries(PARSERS))("the fast path of POST /score (%s)", (_name, parse) => {
  it("gives exactly the doubles JSON.parse gives (bit for bit), for every way to write a number", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(numberText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom("", " ", "\n\t "),
        (rows, ws) => {
          const text = `${ws}{${ws}"data"${ws}:${ws}[${rows.map((r) => `${ws}[${ws}${r.join(`${ws},${ws}`)}${ws}]`).join(",")}${ws}]${ws}}${ws}`;
          const expected = (JSON.parse(text) as { data: number[][] }).data.flat();
          const m = parse(text, 3);
          if (expected.some((v) => !Number.isFinite(v))) {
            expect(m).toBeUndefined(); // out of range: the general path explains
            return;
          }
          expect(m).toBeDefined();
          expect(m?.rows).toBe(rows.length);
          expect(m?.cols).toBe(3);
          for (const [i, v] of expected.entries())
            expect(Object.is(m?.data[i], v), `${rows.flat()[i]}: ${m?.data[i]} vs ${v}`).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("matches JSON.parse on the hard cases: 17–19 digits, halfway points, -0, tiny and huge exponents", () => {
    const hard = [
      "0.038075906433423026",
      "-0.044641636506989",
      "9007199254740993",
      "9007199254740992.5",
      "0.1",
      "0.30000000000000004",
      "2.2250738585072014e-308",
      "4.9e-324",
      "1.7976931348623157e308",
      "-0",
      "-0.0",
      "0e5",
      "1e22",
      "1e23",
      "123456789012345678e-5",
      "1.00000000000000011102230246251565404236316680908203125",
      "5e-324",
      "123456789012345678901234567890",
      "0.000001",
      "1E+2",
    ];
    for (const t of hard) {
      const m = parse(`{"data": [[${t}]]}`, 1);
      expect(Object.is(m?.data[0], JSON.parse(t)), t).toBe(true);
    }
  });

  it("declines every body that is not exactly {data: rows of `width` numbers}, leaving it to the general path", () => {
    for (const text of [
      "",
      "{}",
      '{"data": []}',
      '{"data": [[1,2]]}',
      '{"data": [[1,2,3,4]]}',
      '{"data": [[1,2,"3"]]}',
      '{"data": [[1,2,null]]}',
      '{"data": [[1,2,3]], "x": 1}',
      '{"instances": [[1,2,3]]}',
      '{"data": [[1,2,3]]',
      '{"data": [[1,2,3]]}x',
      '{"data": [[1,2,3],]}',
      '{"data": [[01,2,3]]}',
      '{"data": [[1.,2,3]]}',
      '{"data": [[.5,2,3]]}',
      '{"data": [[+1,2,3]]}',
      '{"data": [[1e,2,3]]}',
      '{"data": [[1e999,2,3]]}',
      '{"data": [[-,2,3]]}',
      '{"data": [[NaN,2,3]]}',
      '{"data": [[1,2,3] [4,5,6]]}',
      '{"dat": [[1,2,3]]}',
    ]) {
      expect(parse(text, 3), text).toBeUndefined();
    }
  });

  it("grows its scratch storage for large batches", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [i, -i, i / 7]);
    const text = JSON.stringify({ data: rows });
    const m = parse(text, 3);
    expect(m?.rows).toBe(5000);
    expect(Array.from(m?.data ?? [])).toEqual(JSON.parse(text).data.flat());
  });
});
