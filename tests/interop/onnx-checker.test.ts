// The ONNX files we write pass the reference ONNX checker (Debian's python3-onnx), as a Python user's tools see them:
// the machinery's fixture regression and the sample's own export.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainStep } from "../../mlops/steps/index.js";
import { model as sample } from "../../training/index.js";
import { tempRoot, trainFixture } from "../mlops/fixtures/index.js";
import { python } from "./debian-python.js";

const SCRIPT = [
  "import sys, onnx",
  "for path in sys.argv[1:]:",
  "    onnx.checker.check_model(onnx.load(path), full_check=True)",
  "    print('ok', path)",
].join("\n");

/** `onnx.checker.check_model(onnx.load(path), full_check=True)` on each file. */
const checkOnnx = (...paths: string[]) => python(["-c", SCRIPT, ...paths]);

const { root: dir, cleanup } = tempRoot("mlops-onnx-");
beforeAll(async () => {
  await trainFixture("regression", join(dir, "fixture"));
  await trainStep({
    model: sample,
    dataFile: join(import.meta.dirname, "../../data/diabetes.csv"),
    outputDir: join(dir, "sample"),
    testSize: 0.2,
    randomState: 0,
  });
});
afterAll(() => cleanup());

describe("model.onnx and the ONNX checker", () => {
  it("passes the checker (full_check) for the fixture regression and the sample", async () => {
    const out = await checkOnnx(join(dir, "fixture/model/model.onnx"), join(dir, "sample/model/model.onnx"));
    expect(out.match(/^ok /gm)).toHaveLength(2);
  });

  it("is rejected by the checker when damaged (the check can fail)", async () => {
    const damaged = join(dir, "damaged.onnx");
    await writeFile(damaged, (await readFile(join(dir, "fixture/model/model.onnx"))).subarray(0, 60));
    await expect(checkOnnx(damaged)).rejects.toThrow(/python failed/);
  });
});
