import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listModels } from "../../../mlops/registry/index.js";
import { registerStep } from "../../../mlops/steps/register.js";
import { leastSquares } from "../fixtures/index.js";
import { tempRoot, trainOutput } from "./fixtures.js";

const { root, cleanup } = tempRoot("mlops-register-");
afterAll(cleanup);

describe("register step", () => {
  it("registers with metric and provenance tags and writes registration.json", async () => {
    const home = join(root, "h1");
    const train = await trainOutput(root, { mse: 3298.909605807062, r2: 0.35 });
    const reg = await registerStep({
      model: leastSquares,
      trainDir: train,
      outputDir: join(train, "reg"),
      modelName: "m",
      experimentName: "exp",
      runId: "r1",
      buildId: "b1",
      buildUri: "vstfs:///Build/Build/1",
      gitCommit: "abc",
      home,
    });
    expect(reg).toMatchObject({ registered: true, created: true, version: 1, uri: "models:/m/1" });
    const [version] = await listModels({ home });
    expect(version.tags).toEqual({
      "mlops.model_type": "least_squares",
      "mlops.task": "regression",
      "mlops.target": "y double",
      "mlops.inputs": "x1 double, x2 double, x3 double",
      mse: "3298.909605807062",
      r2: "0.35",
      "param.shrink": "0.1", // the value the model was fit with, read from its MLmodel file
      BuildId: "b1",
      BuildUri: "vstfs:///Build/Build/1",
      run_id: "r1",
      experiment_name: "exp",
      git_commit: "abc",
    });
    expect(JSON.parse(readFileSync(join(train, "reg/registration.json"), "utf8"))).toEqual(reg);
    const again = await registerStep({
      model: leastSquares,
      trainDir: train,
      outputDir: join(train, "reg2"),
      modelName: "m",
      experimentName: "exp",
      buildId: "b1",
      home,
    });
    expect(again).toMatchObject({ registered: true, created: false, version: 1 });
    expect(again.message).toMatch(/build b1 is already registered as m version 1/);
  });

  it("skips registration when the verdict cancels the run, and tags the decision otherwise", async () => {
    const home = join(root, "h2");
    const train = await trainOutput(root, { mse: 1 });
    const verdictFile = join(train, "verdict.json");
    writeFileSync(
      verdictFile,
      JSON.stringify({ decision: "not_better", action: "cancel", reason: "not better: mse 1 vs 1" }),
    );
    const opts = {
      model: leastSquares,
      trainDir: train,
      outputDir: join(train, "reg"),
      modelName: "m",
      experimentName: "exp",
      verdictFile,
      home,
    };
    const skipped = await registerStep(opts);
    expect(skipped).toMatchObject({ registered: false, version: null });
    expect(skipped.message).toMatch(/not registered: .*not better: mse 1 vs 1/);
    expect(await listModels({ home })).toEqual([]);
    writeFileSync(verdictFile, JSON.stringify({ decision: "not_better", action: "register", reason: "x" }));
    await registerStep(opts);
    expect((await listModels({ home }))[0].tags.evaluation).toBe("not_better");
  });

  it("refuses a folder whose ONNX file answers differently from the model, registering nothing", async () => {
    const home = join(root, "h3");
    const train = await trainOutput(root, {});
    const onnx = join(train, "model", "model.onnx");
    const bytes = readFileSync(onnx);
    const at = bytes.indexOf(Buffer.from([0x42, 0x01, 0x77, 0x4a])) + 5; // the first weight's double (see model-format)
    bytes.writeDoubleLE(bytes.readDoubleLE(at) * (1 + 1e-6), at);
    writeFileSync(onnx, bytes);

    const attempt = registerStep({
      model: leastSquares,
      trainDir: train,
      outputDir: join(train, "reg"),
      modelName: "m",
      experimentName: "exp",
      home,
    });

    await expect(attempt).rejects.toThrow(/model\.onnx: its answers to the smoke rows differ .*largest difference/);
    expect(await listModels({ home })).toEqual([]);
  });
});
