import fc from "fast-check";

/** JSON number texts: every way clients print doubles, plus digit soup the grammar allows. */
export const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e3, max: 1e3 }), fc.integer({ min: 1, max: 21 }))
    .map(([x, p]) => x.toPrecision(p)),
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 }))
    .map(([x, p]) => x.toExponential(p)),
  fc
    .tuple(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 }), fc.integer({ min: 0, max: 20 }))
    .map(([x, p]) => x.toFixed(p)),
  fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^(0|[1-9][0-9]{0,24})$/),
      fc.stringMatching(/^[0-9]{0,25}$/),
      fc.integer({ min: -330, max: 330 }),
      fc.constantFrom("", "e", "E", "e+", "e-"),
    )
    .map(
      ([neg, int, frac, exp, e]) =>
        `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}${e ? `${e}${Math.abs(exp)}` : ""}`,
    ),
);
