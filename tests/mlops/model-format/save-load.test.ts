import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ModelDefinition } from "../../../mlops/contract/index.js";
import { loadModel, ModelFormatError } from "../../../mlops/model-format/index.js";
import { centroid, FIXTURES, leastSquares, tempRoot, trainFixture } from "../fixtures/index.js";

let root: string;
let cleanup: () => void;
beforeEach(() => {
  ({ root, cleanup } = tempRoot("mlops-model-format-"));
});
afterEach(() => cleanup());

/** A trained fixture's model folder. */
async function modelFolder(kind: "regression" | "multiclass"): Promise<string> {
  const out = join(root, kind);
  await trainFixture(kind, out, { runId: "run-42" });
  return join(out, "model");
}

describe("saveModel (through the train step)", () => {
  it("writes an MLflow model folder: the TS flavor, and onnx + python_function for a model with an ONNX export", async () => {
    const dir = await modelFolder("regression");

    const doc = parse(await readFile(join(dir, "MLmodel"), "utf8"));

    expect(doc.flavors.mlops_ts).toMatchObject({
      files: ["weights.json"],
      model_type: "least_squares",
      task: "regression",
      target: { name: "y", type: "double" },
      hyperparameters: { shrink: 0.1 },
      smoke_example: "smoke.json",
    });
    expect(doc.flavors.onnx).toMatchObject({ data: "model.onnx", providers: ["CPUExecutionProvider"] });
    expect(doc.flavors.python_function).toMatchObject({ loader_module: "mlflow.onnx", data: "model.onnx" });
    expect(JSON.parse(doc.signature.inputs)).toEqual(leastSquares.signature.inputs);
    // The pyfunc answers the ONNX graph's output column (Azure's MLflow server keys its records by it).
    expect(JSON.parse(doc.signature.outputs)).toEqual([{ name: "value", type: "double" }]);
    expect(doc.run_id).toBe("run-42");
    expect((await readdir(dir)).sort()).toEqual(
      [
        "MLmodel",
        "conda.yaml",
        "input_example.json",
        "model.onnx",
        "python_env.yaml",
        "requirements.txt",
        "smoke.json",
        "weights.json",
      ].sort(),
    );
  });

  it("writes a classifier with a string column and no ONNX export as a valid folder of its own flavor only", async () => {
    const dir = await modelFolder("multiclass");

    const doc = parse(await readFile(join(dir, "MLmodel"), "utf8"));
    const smoke = JSON.parse(await readFile(join(dir, "smoke.json"), "utf8"));
    const example = JSON.parse(await readFile(join(dir, "input_example.json"), "utf8"));

    expect(Object.keys(doc.flavors)).toEqual(["mlops_ts"]);
    expect(doc.flavors.mlops_ts).toMatchObject({ task: "multiclass", classes: ["apple", "cherry", "melon"] });
    expect(JSON.parse(doc.signature.outputs)).toEqual([{ name: "kind", type: "string" }]);
    expect(example.columns).toEqual(["size", "weight", "color"]);
    expect(typeof example.data[0][2]).toBe("string");
    expect(smoke.input).toEqual({ columns: ["size", "weight", "color"], data: example.data.slice(0, 2) });
    expect(smoke.classes).toEqual(["apple", "cherry", "melon"]);
    expect(smoke.result).toHaveLength(2);
    expect(smoke.probabilities[0].reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
    expect((await readdir(dir)).sort()).toEqual(["MLmodel", "centroids.json", "input_example.json", "smoke.json"]);
  });

  it("refuses an ONNX export whose answers are not the model's, writing nothing", async () => {
    const lying: ModelDefinition = {
      ...(leastSquares as ModelDefinition),
      // The export of another model: a bias off by 1e-6 relative.
      onnx: {
        ...(leastSquares.onnx as NonNullable<ModelDefinition["onnx"]>),
        export: (m, inputs) =>
          (leastSquares.onnx as NonNullable<typeof leastSquares.onnx>).export(
            { ...(m as { bias: number }), bias: (m as { bias: number }).bias * (1 + 1e-6) } as never,
            inputs,
          ),
      },
    };
    const out = join(root, "lying");

    const error = await trainFixtureWith(lying, out).catch((e: unknown) => e);

    expect((error as Error).message).toMatch(
      /its ONNX export answers the smoke rows differently from its TypeScript code \(largest difference .* at row \d+: onnx/,
    );
    expect(await readdir(root)).toEqual([]);
  });
});

/** The regression fixture's data through the train step with another definition. */
async function trainFixtureWith(model: ModelDefinition, outputDir: string) {
  const { trainStep } = await import("../../../mlops/steps/index.js");
  return trainStep({ model, dataFile: FIXTURES.regression.data, outputDir, testSize: 0.25, randomState: 0 });
}

describe("loadModel", () => {
  it("round-trips both fixtures: the model, its facts, the examples; ONNX checked against the model", async () => {
    const regression = await loadModel(await modelFolder("regression"), leastSquares);
    const multiclass = await loadModel(await modelFolder("multiclass"), centroid);

    expect(regression.info).toMatchObject({
      kind: "least_squares",
      task: "regression",
      hyperparameters: { shrink: 0.1 },
    });
    expect(regression.onnxPath).toBe(join(regression.dir, "model.onnx"));
    expect(multiclass.info.classes).toEqual(["apple", "cherry", "melon"]);
    expect(multiclass.info.signature.inputs.map((c) => c.type)).toEqual(["double", "double", "string"]);
    expect(multiclass.onnxPath).toBeUndefined();
    expect(multiclass.fitted.colors).toEqual(["green", "red", "yellow"]);
  });

  it("refuses a folder of another kind of model, naming both", async () => {
    const dir = await modelFolder("multiclass");

    await expect(loadModel(dir, leastSquares)).rejects.toThrow(
      /holds a nearest_centroid model, but this project's model is least_squares/,
    );
  });

  it("refuses an ONNX file whose weight changed by 1e-6 relative, naming the file and the largest difference", async () => {
    const dir = await modelFolder("regression");
    const path = join(dir, "model.onnx");
    const bytes = await readFile(path);
    // The first double of the initializer "w": its name (field 8, "B\x01w") is followed by raw_data (field 9,
    // tag "J", then a one-byte length), the weights as little-endian doubles. Scaled by 1 + 1e-6.
    const at = bytes.indexOf(Buffer.from([0x42, 0x01, 0x77, 0x4a])) + 5;
    expect(at).toBeGreaterThan(5);
    const view = new DataView(bytes.buffer, bytes.byteOffset + at, 8);
    view.setFloat64(0, view.getFloat64(0, true) * (1 + 1e-6), true);
    await writeFile(path, bytes);

    const error = (await loadModel(dir, leastSquares).catch((e: unknown) => e)) as Error;

    expect(error).toBeInstanceOf(ModelFormatError);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(
      /differ from the model's TypeScript code beyond 1e-9 relative \+ 1e-12 absolute \(largest difference [0-9.e-]+ \(/,
    );
  });

  const corruptions: [string, string, (path: string) => Promise<void>, RegExp][] = [
    ["MLmodel missing", "MLmodel", (p) => rm(p), /MLmodel: missing \(not an MLflow model folder/],
    ["MLmodel not YAML", "MLmodel", (p) => writeFile(p, "flavors: [unclosed"), /MLmodel: not valid YAML/],
    [
      "MLmodel without the onnx loader",
      "MLmodel",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace("loader_module: mlflow.onnx", "loader_module: x")),
      /MLmodel: field flavors\.python_function\.loader_module must be "mlflow\.onnx", got "x"/,
    ],
    ["the model's file missing", "weights.json", (p) => rm(p), /weights\.json: missing/],
    [
      "the model's file edited",
      "weights.json",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace('"bias":', '"bias":1+')),
      /weights|JSON/,
    ],
    ["model.onnx missing", "model.onnx", (p) => rm(p), /model\.onnx: missing/],
    [
      "model.onnx truncated",
      "model.onnx",
      async (p) => writeFile(p, (await readFile(p)).subarray(0, 100)),
      /model\.onnx: onnxruntime cannot run it/,
    ],
    [
      "input example with wrong columns",
      "input_example.json",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace('"x1"', '"X1"')),
      /input_example\.json: field columns must be the signature's inputs x1,x2,x3/,
    ],
    [
      "smoke answer not the model's",
      "smoke.json",
      async (p) => {
        const smoke = JSON.parse(await readFile(p, "utf8"));
        smoke.result[0] *= 1 + 1e-6;
        await writeFile(p, JSON.stringify(smoke));
      },
      /smoke\.json: field result must be the model's answer to input\.data/,
    ],
    [
      "smoke rows with wrong column names",
      "smoke.json",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace('"x2"', '"x9"')),
      /smoke\.json: field input\.columns must be the signature's inputs x1,x2,x3, got \["x1","x9","x3"\]/,
    ],
    ["conda.yaml missing", "conda.yaml", (p) => rm(p), /conda\.yaml: missing/],
  ];
  it.each(corruptions)("names the file when %s", async (_name, file, corrupt, message) => {
    const dir = await modelFolder("regression");
    await corrupt(join(dir, file));

    const error = await loadModel(dir, leastSquares).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(message);
  });

  it("reads a smoke.json written before it named its columns as the signature's inputs", async () => {
    const dir = await modelFolder("regression");
    const path = join(dir, "smoke.json");
    const smoke = JSON.parse(await readFile(path, "utf8"));
    delete smoke.input.columns;
    await writeFile(path, JSON.stringify(smoke));
    expect((await loadModel(dir, leastSquares)).smoke.input.columns).toEqual(["x1", "x2", "x3"]);
  });
});
