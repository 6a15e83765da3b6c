// The ONNX files we write pass the reference ONNX checker (Debian's python3-onnx), as a Python user's tools see them.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveModel } from "../../mlops/model-format/index.js";
import { dataRows, expected, modelOf, tempDir } from "../mlops/model-format/fixtures.js";
import { python } from "./debian-python.js";

const SCRIPT = [
  "import sys, onnx",
  "for path in sys.argv[1:]:",
  "    onnx.checker.check_model(onnx.load(path), full_check=True)",
  "    print('ok', path)",
].join("\n");

/** `onnx.checker.check_model(onnx.load(path), full_check=True)` on each file. */
const checkOnnx = (...paths: string[]) => python(["-c", SCRIPT, ...paths]);

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  const ref = await expected();
  await saveModel(join(dir, "all"), modelOf(ref.cases[0]), {
    runId: "r",
    inputExample: (await dataRows()).slice(0, 3),
  });
  await saveModel(join(dir, "one"), modelOf(ref.cases[1]), {
    runId: "r",
    inputExample: (await dataRows(["BMI"])).slice(0, 3),
  });
});
afterAll(() => cleanup());

describe("model.onnx and the ONNX checker", () => {
  it("passes the checker (full_check) for a 10-feature and a 1-feature model", async () => {
    const out = await checkOnnx(join(dir, "all/model.onnx"), join(dir, "one/model.onnx"));
    expect(out.match(/^ok /gm)).toHaveLength(2);
  });

  it("is rejected by the checker when damaged (the check can fail)", async () => {
    const damaged = join(dir, "damaged.onnx");
    await writeFile(damaged, (await readFile(join(dir, "all/model.onnx"))).subarray(0, 60));
    await expect(checkOnnx(damaged)).rejects.toThrow(/python failed/);
  });
});
