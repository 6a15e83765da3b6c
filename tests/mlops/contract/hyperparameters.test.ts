// Hyperparameter declarations: values parsed from text (flags, knobs) and checked against the declared ranges, with
// errors that name the parameter, the value and the range.
import { describe, expect, it } from "vitest";
import {
  checkParam,
  declarationProblems,
  defaultParams,
  flagName,
  type Hyperparameters,
  knobName,
  parseParam,
  rangeText,
  resolveParams,
} from "../../../mlops/contract/index.js";

const DECLARED: Hyperparameters = {
  strength: { type: "number", default: 1, min: 0, exclusiveMin: true, description: "penalty" },
  n_trees: { type: "integer", default: 10, min: 1, max: 500, description: "trees" },
  shuffle: { type: "boolean", default: true, description: "shuffle rows" },
  criterion: { type: "string", default: "gini", choices: ["gini", "entropy"], description: "split rule" },
};

describe("names", () => {
  it("knobs are TRAIN_<NAME>, flags use '-' for '_'", () => {
    expect(knobName("n_trees")).toBe("TRAIN_N_TREES");
    expect(flagName("n_trees")).toBe("n-trees");
  });
});

describe("rangeText", () => {
  it("says what each type and range allows", () => {
    expect(rangeText(DECLARED.strength)).toBe("a number > 0");
    expect(rangeText(DECLARED.n_trees)).toBe("an integer in 1..500");
    expect(rangeText(DECLARED.shuffle)).toBe("true or false");
    expect(rangeText(DECLARED.criterion)).toBe("one of gini | entropy");
    expect(rangeText({ type: "number", default: 0, max: 1, exclusiveMax: true, description: "d" })).toBe(
      "a number < 1",
    );
    expect(rangeText({ type: "number", default: 0, min: 0, max: 1, exclusiveMax: true, description: "d" })).toBe(
      "a number ≥ 0 and < 1",
    );
    expect(rangeText({ type: "string", default: "x", description: "d" })).toBe("a non-empty string");
  });
});

describe("parseParam", () => {
  it("parses each type from text", () => {
    expect(parseParam("strength", DECLARED.strength, " 0.25 ")).toBe(0.25);
    expect(parseParam("n_trees", DECLARED.n_trees, "500")).toBe(500);
    expect(parseParam("shuffle", DECLARED.shuffle, "FALSE")).toBe(false);
    expect(parseParam("criterion", DECLARED.criterion, "entropy")).toBe("entropy");
  });

  it.each([
    ["strength", "0", /strength must be a number > 0, got '0'/],
    ["strength", "", /got ''/],
    ["strength", "1e400", /got '1e400'/],
    ["strength", "abc", /got 'abc'/],
    ["n_trees", "2.5", /n_trees must be an integer in 1\.\.500, got '2\.5'/],
    ["n_trees", "501", /n_trees must be an integer in 1\.\.500/],
    ["shuffle", "yes", /shuffle must be true or false, got 'yes'/],
    ["criterion", "log", /criterion must be one of gini \| entropy, got 'log'/],
  ])("refuses %s = %j", (name, raw, message) => {
    expect(() => parseParam(name, DECLARED[name], raw)).toThrow(message);
  });
});

describe("checkParam", () => {
  it("accepts typed values in range and refuses others with the range", () => {
    expect(checkParam("n_trees", DECLARED.n_trees, 3)).toBe(3);
    expect(() => checkParam("n_trees", DECLARED.n_trees, "3")).toThrow(
      /n_trees must be an integer in 1\.\.500, got "3"/,
    );
    expect(() => checkParam("strength", DECLARED.strength, Number.NaN)).toThrow(RangeError);
  });
});

describe("resolveParams", () => {
  it("fills defaults and parses what is given", () => {
    const { params, problems } = resolveParams(DECLARED, { n_trees: "7" });
    expect(problems).toEqual([]);
    expect(params).toEqual({ ...defaultParams(DECLARED), n_trees: 7 });
    expect(params).toEqual({ strength: 1, n_trees: 7, shuffle: true, criterion: "gini" });
  });

  it("returns every problem at once, unknown names included", () => {
    const { problems } = resolveParams(DECLARED, { n_trees: "0", criterion: "x", depth: "3", other: undefined });
    expect(problems).toHaveLength(3);
    expect(problems[2]).toMatch(
      /unknown hyperparameter depth \(the model declares strength, n_trees, shuffle, criterion\)/,
    );
  });
});

describe("declarationProblems", () => {
  it("finds none in good declarations", () => {
    expect(declarationProblems(DECLARED)).toEqual([]);
  });

  it("names bad names, reserved names, missing descriptions, empty choices and defaults out of range", () => {
    const problems = declarationProblems({
      BadName: { type: "number", default: 1, description: "d" },
      random_state: { type: "integer", default: 1, description: "d" },
      quiet: { type: "boolean", default: false, description: " " },
      rule: { type: "string", default: "a", choices: [], description: "d" },
      rate: { type: "number", default: -1, min: 0, description: "d" },
      odd: { type: "float", default: 1, description: "d" } as never,
    });
    expect(problems.join("\n")).toMatchInlineSnapshot(`
      "hyperparameter name "BadName" must be snake_case (/^[a-z][a-z0-9_]{0,62}$/)
      hyperparameter name random_state is reserved by the machinery
      hyperparameter quiet: a description is required
      hyperparameter rule: empty choices
      hyperparameter rate: default -1 is not a number ≥ 0
      hyperparameter odd: type must be number, integer, boolean or string"
    `);
  });
});
