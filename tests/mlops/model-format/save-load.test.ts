import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FILES, loadModel, ModelFormatError, saveModel } from "../../../mlops/model-format/index.js";
import { dataRows, expected, FEATURES, maxRelativeError, modelOf, tempDir } from "./fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

async function saveSeed000(path: string): Promise<void> {
  const ref = await expected();
  const rows = (await dataRows()).slice(0, 5);
  await saveModel(path, modelOf(ref.cases[0]), { runId: "run-42", inputExample: rows, modelName: "m", buildId: "b7" });
}

describe("saveModel", () => {
  it("writes an MLflow model folder whose MLmodel has the onnx, python_function and TS flavors", async () => {
    const model = join(dir, "model");
    await saveSeed000(model);

    expect((await readdir(model)).sort()).toEqual(Object.values(FILES).sort());
    const doc = parse(await readFile(join(model, "MLmodel"), "utf8"));
    expect(doc.artifact_path).toBe("model");
    expect(doc.flavors.onnx).toMatchObject({ data: "model.onnx", providers: ["CPUExecutionProvider"] });
    expect(doc.flavors.onnx.onnx_version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.flavors.python_function).toMatchObject({
      loader_module: "mlflow.onnx",
      data: "model.onnx",
      env: { conda: "conda.yaml", virtualenv: "python_env.yaml" },
    });
    expect(doc.flavors.python_function.python_version).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.flavors.mlops_ts).toMatchObject({
      data: "model.json",
      model_type: "ridge",
      smoke_example: "smoke.json",
    });
    expect(doc.model_uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(doc.run_id).toBe("run-42");
    expect(doc.metadata).toEqual({ model_name: "m", build_id: "b7" });
    expect(doc.mlflow_version).toMatch(/^2\.\d+\.\d+$/);
    const created = Date.parse(`${doc.utc_time_created.replace(" ", "T").slice(0, 23)}Z`);
    expect(Math.abs(created - Date.now())).toBeLessThan(10 * 60_000);
    expect(doc.saved_input_example_info).toEqual({
      artifact_path: "input_example.json",
      type: "dataframe",
      pandas_orient: "split",
    });
    // MLflow stores the schemas as JSON strings inside the YAML.
    expect(typeof doc.signature.inputs).toBe("string");
    expect(JSON.parse(doc.signature.inputs)).toEqual(FEATURES.map((name) => ({ name, type: "double" })));
    expect(JSON.parse(doc.signature.outputs)).toEqual([{ name: "predictions", type: "double" }]);
  });

  it("writes the input example in split orient, the env files and the tutorial smoke payload", async () => {
    const model = join(dir, "model");
    await saveSeed000(model);
    const ref = await expected();

    const example = JSON.parse(await readFile(join(model, "input_example.json"), "utf8"));
    expect(example).toEqual({ columns: FEATURES, data: (await dataRows()).slice(0, 5) });
    const smoke = JSON.parse(await readFile(join(model, "smoke.json"), "utf8"));
    expect(smoke.input).toEqual({ data: ref.smoke_input });
    expect(maxRelativeError(smoke.result, ref.smoke_result)).toBeLessThanOrEqual(1e-9);
    const requirements = (await readFile(join(model, "requirements.txt"), "utf8")).trim().split("\n");
    expect(requirements.map((line) => line.split("==")[0])).toEqual(["mlflow", "onnx", "onnxruntime"]);
    const conda = parse(await readFile(join(model, "conda.yaml"), "utf8"));
    expect(conda.dependencies.at(-1).pip).toEqual(requirements);
    const pythonEnv = parse(await readFile(join(model, "python_env.yaml"), "utf8"));
    expect(pythonEnv.dependencies).toEqual(["-r requirements.txt"]);
    expect(conda.dependencies[0]).toBe(`python=${pythonEnv.python}`);
  });

  it("uses the input example's first rows as the smoke payload for other feature sets", async () => {
    const ref = await expected();
    const bmi = modelOf(ref.cases[1]);
    const rows = (await dataRows(["BMI"])).slice(0, 4);
    await saveModel(join(dir, "bmi"), bmi, { runId: "r", inputExample: rows });
    const loaded = await loadModel(join(dir, "bmi"));
    expect(loaded.smoke.input.data).toEqual(rows.slice(0, 2));
    expect(loaded.smoke.result).toEqual(rows.slice(0, 2).map(([x]) => bmi.intercept + bmi.coefficients[0] * x));
    expect(loaded.mlmodel.metadata).toBeUndefined();
  });

  it("refuses a non-empty folder and a malformed input example, writing nothing", async () => {
    const ref = await expected();
    const taken = join(dir, "taken");
    await mkdir(taken);
    await writeFile(join(taken, "keep.txt"), "x");
    const ok = { runId: "r", inputExample: [FEATURES.map(() => 0)] };
    await expect(saveModel(taken, modelOf(ref.cases[0]), ok)).rejects.toThrow(/not empty/);
    expect(await readdir(taken)).toEqual(["keep.txt"]);

    const bad = { runId: "r", inputExample: [[1, 2, 3]] };
    await expect(saveModel(join(dir, "fresh"), modelOf(ref.cases[0]), bad)).rejects.toThrow(
      /inputExample row 0 must hold 10 finite numbers/,
    );
    expect(await readdir(dir)).toEqual(["taken"]);
  });

  it("fills an existing empty folder", async () => {
    const empty = join(dir, "empty");
    await mkdir(empty);
    await saveSeed000(empty);
    expect(await readdir(empty)).toContain("MLmodel");
  });
});

describe("loadModel", () => {
  it("round-trips the model, the MLmodel and the examples", async () => {
    const model = join(dir, "model");
    await saveSeed000(model);
    const ref = await expected();
    const loaded = await loadModel(model);
    expect(loaded.dir).toBe(model);
    expect(loaded.model).toEqual(modelOf(ref.cases[0]));
    expect(loaded.mlmodel.run_id).toBe("run-42");
    expect(loaded.signature.inputs.map((c) => c.name)).toEqual(FEATURES);
    expect(loaded.inputExample.columns).toEqual(FEATURES);
    expect(loaded.smoke.input.data).toEqual(ref.smoke_input);
    expect(loaded.onnxPath).toBe(join(model, "model.onnx"));
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
    ["model.json missing", "model.json", (p) => rm(p), /model\.json: missing/],
    ["model.json truncated", "model.json", (p) => writeFile(p, '{"type": "ridge"'), /model\.json: not valid JSON/],
    [
      "model.json edited",
      "model.json",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace('"intercept": 152', '"intercept": 153')),
      /smoke\.json: field result must be the predictions of .*model\.json/,
    ],
    ["model.onnx missing", "model.onnx", (p) => rm(p), /model\.onnx: missing/],
    [
      "model.onnx with another graph",
      "model.onnx",
      async (p) => writeFile(p, (await readFile(p)).toString("latin1").replace("Add", "Sub"), "latin1"),
      /model\.onnx: the graph must be MatMul\(input, coefficients\) then Add\(…, intercept\) → predictions/,
    ],
    [
      "model.onnx truncated",
      "model.onnx",
      async (p) => writeFile(p, (await readFile(p)).subarray(0, 100)),
      /model\.onnx: truncated protobuf/,
    ],
    [
      "model.onnx with other weights",
      "model.onnx",
      async (p) => {
        const bytes = await readFile(p);
        // the initializer (the last "coefficients"): name, then tag + length, then the raw doubles.
        bytes[bytes.lastIndexOf(Buffer.from("coefficients")) + 20] ^= 1;
        await writeFile(p, bytes);
      },
      /model\.onnx: field initializers must hold model\.json's coefficients/,
    ],
    [
      "input example with wrong columns",
      "input_example.json",
      async (p) => writeFile(p, (await readFile(p, "utf8")).replace('"AGE"', '"age"')),
      /input_example\.json: field columns must be the model's features/,
    ],
    ["smoke.json missing", "smoke.json", (p) => rm(p), /smoke\.json: missing/],
    ["conda.yaml missing", "conda.yaml", (p) => rm(p), /conda\.yaml: missing/],
  ];
  it.each(corruptions)("names the file when %s", async (_name, file, corrupt, message) => {
    const model = join(dir, "model");
    await saveSeed000(model);
    await corrupt(join(model, file));
    const error = await loadModel(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(join(model, file));
  });
});
