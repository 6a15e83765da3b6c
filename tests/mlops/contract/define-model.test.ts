// defineModel: a wrong declaration is an error when training/ is imported, naming every problem at once.
import { describe, expect, it } from "vitest";
import { defineModel, type ModelDefinition } from "../../../mlops/contract/index.js";
import { centroid, leastSquares } from "../fixtures/index.js";

/** A definition whose declarations are good; the tests break one thing at a time. */
const GOOD: ModelDefinition<number> = {
  name: "constant",
  task: "regression",
  signature: { inputs: [{ name: "x", type: "double" }], target: { name: "y", type: "double" } },
  hyperparameters: { level: { type: "number", default: 0, description: "the answer" } },
  fit: (_x, _y, params) => params.level as number,
  predict: (level, x) => ({ values: new Float64Array(x.rows).fill(level) }),
  save: (level) => ({ "level.json": JSON.stringify(level) }),
  load: (files) => JSON.parse(new TextDecoder().decode(files.get("level.json"))),
};

const problemsOf = (change: Partial<ModelDefinition<number>>): string => {
  try {
    defineModel({ ...GOOD, ...change } as ModelDefinition<number>);
    return "";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("defineModel", () => {
  it("returns a good definition as it is (the fixtures are good ones)", () => {
    expect(defineModel(GOOD)).toBe(GOOD);
    expect(leastSquares.task).toBe("regression");
    expect(centroid.task).toBe("multiclass");
  });

  it.each<[string, Partial<ModelDefinition<number>>, string]>([
    ["a name not in snake_case", { name: "Constant Model" }, 'name "Constant Model" must be snake_case'],
    ["an unknown task", { task: "ranking" as never }, "task must be one of regression, binary, multiclass"],
    ["no inputs", { signature: { inputs: [], target: GOOD.signature.target } }, "signature.inputs is empty"],
    [
      "a bad column type",
      { signature: { inputs: [{ name: "x", type: "float" as never }], target: GOOD.signature.target } },
      'signature.inputs[0] (x): type "float" must be one of double, long, string, boolean',
    ],
    [
      "a repeated column",
      {
        signature: {
          inputs: [
            { name: "x", type: "double" },
            { name: "x", type: "long" },
          ],
          target: GOOD.signature.target,
        },
      },
      "signature.inputs: column x is listed twice",
    ],
    [
      "the target among the inputs",
      { signature: { inputs: [{ name: "y", type: "double" }], target: GOOD.signature.target } },
      "the target y is also an input",
    ],
    [
      "a classifier with a double target",
      { task: "binary" },
      "a classifier's target must be a long, string or boolean",
    ],
    [
      "an ONNX export with a string input",
      {
        signature: { inputs: [{ name: "c", type: "string" }], target: GOOD.signature.target },
        onnx: { export: () => new Uint8Array(), input: "X", output: "Y" },
      },
      "an ONNX export needs every input to be a double column",
    ],
    [
      "a hyperparameter default out of range",
      { hyperparameters: { level: { type: "number", default: -1, min: 0, description: "d" } } },
      "hyperparameter level: default -1 is not a number ≥ 0",
    ],
  ])("refuses %s", (_what, change, message) => {
    expect(problemsOf(change)).toContain(message);
  });

  it("names every problem in one message", () => {
    const message = problemsOf({
      name: "X",
      task: "binary",
      hyperparameters: { test_size: GOOD.hyperparameters.level },
    });
    expect(message).toMatch(/^model X: /);
    expect(message.split("; ")).toHaveLength(3);
  });
});
