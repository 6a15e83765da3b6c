// The search space of the model contract: every distribution checked against its declaration (naming the parameter,
// the value and the range), the per-sampling rules (Azure ML's: grid takes choices, Bayesian no loguniform), grid
// sizes, and defineModel refusing a bad space at import.
import { describe, expect, it } from "vitest";
import {
  defineModel,
  discreteValues,
  gridSize,
  type Hyperparameters,
  MAX_INTEGER_VALUES,
  SAMPLING_ACCEPTS,
  SAMPLINGS,
  type SearchSpace,
  samplingProblems,
  searchSpaceProblems,
} from "../../../mlops/contract/index.js";
import { leastSquares } from "../fixtures/index.js";

const DECLARED: Hyperparameters = {
  strength: { type: "number", default: 1, min: 0, exclusiveMin: true, description: "penalty" },
  rate: { type: "number", default: 0.1, min: 0, max: 1, description: "rate" },
  n_trees: { type: "integer", default: 10, min: 1, max: 500, description: "trees" },
  shuffle: { type: "boolean", default: true, description: "shuffle rows" },
  criterion: { type: "string", default: "gini", choices: ["gini", "entropy"], description: "split rule" },
};

describe("discreteValues and gridSize", () => {
  it("lists a choice's values and an integer range's (inclusive, by step); none for continuous ones", () => {
    expect(discreteValues({ type: "choice", values: [3, 1, 2] })).toEqual([3, 1, 2]);
    expect(discreteValues({ type: "integer", min: 2, max: 6 })).toEqual([2, 3, 4, 5, 6]);
    expect(discreteValues({ type: "integer", min: 1, max: 10, step: 4 })).toEqual([1, 5, 9]);
    expect(discreteValues({ type: "uniform", min: 0, max: 1 })).toEqual([]);
  });

  it("multiplies the discrete sizes; a continuous distribution makes the grid infinite", () => {
    const space: SearchSpace = {
      criterion: { type: "choice", values: ["gini", "entropy"] },
      n_trees: { type: "integer", min: 10, max: 50, step: 10 },
    };
    expect(gridSize(space)).toBe(10);
    expect(gridSize({ ...space, rate: { type: "uniform", min: 0, max: 1 } })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("searchSpaceProblems", () => {
  it("accepts every distribution inside its declaration", () => {
    const space: SearchSpace = {
      strength: { type: "loguniform", min: 0.001, max: 100 },
      rate: { type: "quniform", min: 0, max: 1, q: 0.05 },
      n_trees: { type: "integer", min: 10, max: 500, step: 10 },
      shuffle: { type: "choice", values: [true, false] },
      criterion: { type: "choice", values: ["gini", "entropy"] },
    };
    expect(searchSpaceProblems(space, DECLARED)).toEqual([]);
    expect(searchSpaceProblems({ rate: { type: "uniform", min: 0.2, max: 0.8 } }, DECLARED)).toEqual([]);
  });

  it("refuses an empty space and an undeclared name, listing the declared ones", () => {
    expect(searchSpaceProblems({}, DECLARED)).toEqual([
      "search space is empty: give at least one declared hyperparameter a distribution",
    ]);
    expect(searchSpaceProblems({ depth: { type: "choice", values: [1] } }, DECLARED)).toEqual([
      "search space depth: not a declared hyperparameter (the model declares strength, rate, n_trees, shuffle, criterion)",
    ]);
  });

  it("refuses values outside the declared range, naming the value and the range", () => {
    expect(searchSpaceProblems({ strength: { type: "choice", values: [1, 0] } }, DECLARED)).toEqual([
      "search space strength: value 0 is outside the declaration (a number > 0)",
    ]);
    expect(searchSpaceProblems({ rate: { type: "uniform", min: 0.5, max: 2 } }, DECLARED)).toEqual([
      "search space rate: max 2 is outside the declaration (a number in 0..1)",
    ]);
    expect(searchSpaceProblems({ criterion: { type: "choice", values: ["gini", "log"] } }, DECLARED)).toEqual([
      'search space criterion: value "log" is outside the declaration (one of gini | entropy)',
    ]);
    expect(searchSpaceProblems({ n_trees: { type: "integer", min: 0, max: 4 } }, DECLARED)).toEqual([
      "search space n_trees: min 0 is outside the declaration (an integer in 1..500)",
    ]);
    // quniform's rounded ends are what trials can get: 0.96 rounds to 1.0 (inside), 1.04 rounds to 1.1 (outside).
    expect(searchSpaceProblems({ rate: { type: "quniform", min: 0, max: 1.04, q: 0.1 } }, DECLARED)).toEqual([]);
    expect(searchSpaceProblems({ rate: { type: "quniform", min: 0, max: 1.06, q: 0.1 } }, DECLARED)).toEqual([
      "search space rate: highest value 1.1 is outside the declaration (a number in 0..1)",
    ]);
  });

  it("refuses malformed distributions with the fix", () => {
    const cases: [SearchSpace, string][] = [
      [{ rate: { type: "choice", values: [] } }, "search space rate: choice needs at least one value"],
      [{ rate: { type: "choice", values: [0.1, 0.1] } }, "search space rate: choice lists a value twice"],
      [
        { rate: { type: "uniform", min: 0.5, max: 0.5 } },
        "search space rate: uniform needs finite min < max, got min 0.5, max 0.5",
      ],
      [{ strength: { type: "loguniform", min: 0, max: 1 } }, "search space strength: loguniform needs min > 0, got 0"],
      [{ rate: { type: "quniform", min: 0, max: 1, q: 0 } }, "search space rate: quniform needs q > 0, got 0"],
      [
        { n_trees: { type: "quniform", min: 1, max: 50, q: 2.5 } },
        "search space n_trees: n_trees is declared integer, so quniform's q must be an integer, got 2.5",
      ],
      [
        { n_trees: { type: "uniform", min: 1, max: 50 } },
        "search space n_trees: uniform draws numbers, but n_trees is declared integer (use choice or integer)",
      ],
      [
        { shuffle: { type: "integer", min: 0, max: 1 } },
        "search space shuffle: integer draws numbers, but shuffle is declared boolean (use choice)",
      ],
      [
        { n_trees: { type: "integer", min: 5, max: 2 } },
        "search space n_trees: integer needs integers min ≤ max and step ≥ 1, got min 5, max 2, step 1",
      ],
      [
        { n_trees: { type: "integer", min: 1, max: 10, step: 0.5 } },
        "search space n_trees: integer needs integers min ≤ max and step ≥ 1, got min 1, max 10, step 0.5",
      ],
      [
        { rate: { type: "normal", min: 0, max: 1 } } as unknown as SearchSpace,
        'search space rate: type must be one of choice, uniform, loguniform, quniform, integer, got "normal"',
      ],
    ];
    for (const [space, problem] of cases) expect(searchSpaceProblems(space, DECLARED), problem).toEqual([problem]);
  });

  it("caps an integer range at MAX_INTEGER_VALUES (Azure receives it as a choice list)", () => {
    const wide: Hyperparameters = { n: { type: "integer", default: 1, min: 0, description: "n" } };
    expect(searchSpaceProblems({ n: { type: "integer", min: 0, max: MAX_INTEGER_VALUES - 1 } }, wide)).toEqual([]);
    expect(searchSpaceProblems({ n: { type: "integer", min: 0, max: MAX_INTEGER_VALUES } }, wide)).toEqual([
      `search space n: integer range holds ${MAX_INTEGER_VALUES + 1} values, more than ${MAX_INTEGER_VALUES} (raise step or use quniform)`,
    ]);
  });

  it("reports every problem at once", () => {
    const space = {
      strength: { type: "choice", values: [-1] },
      depth: { type: "choice", values: [1] },
    } as SearchSpace;
    expect(searchSpaceProblems(space, DECLARED)).toHaveLength(2);
  });
});

describe("samplingProblems", () => {
  const space: SearchSpace = {
    strength: { type: "loguniform", min: 0.001, max: 100 },
    rate: { type: "uniform", min: 0, max: 1 },
    n_trees: { type: "integer", min: 10, max: 50 },
    criterion: { type: "choice", values: ["gini", "entropy"] },
  };

  it("grid takes choice and integer only", () => {
    expect(samplingProblems(space, "grid")).toEqual([
      "search space strength: grid sampling does not take loguniform (it takes choice, integer)",
      "search space rate: grid sampling does not take uniform (it takes choice, integer)",
    ]);
  });

  it("random takes everything; Bayesian everything but loguniform (Azure ML's rule)", () => {
    expect(samplingProblems(space, "random")).toEqual([]);
    expect(samplingProblems(space, "bayesian")).toEqual([
      "search space strength: bayesian sampling does not take loguniform (it takes choice, uniform, quniform, integer)",
    ]);
  });

  it("refuses an unknown sampling, listing the known ones", () => {
    expect(samplingProblems(space, "sobol" as never)).toEqual([
      'sampling must be one of grid, random, bayesian, got "sobol"',
    ]);
    expect(SAMPLINGS).toEqual(Object.keys(SAMPLING_ACCEPTS));
  });
});

describe("defineModel", () => {
  it("refuses a model whose search space breaks its declarations, at import", () => {
    expect(() =>
      defineModel({ ...leastSquares, searchSpace: { nope: { type: "choice", values: [1] } } as SearchSpace }),
    ).toThrow(/model least_squares: search space nope: not a declared hyperparameter/);
  });

  it("accepts a valid space and keeps it", () => {
    const name = Object.keys(leastSquares.hyperparameters)[0];
    const spec = leastSquares.hyperparameters[name];
    const space: SearchSpace = { [name]: { type: "choice", values: [spec.default] } };
    expect(defineModel({ ...leastSquares, searchSpace: space }).searchSpace).toBe(space);
  });
});
