import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parse } from "yaml";
import { tempRoot, trainFixture } from "../mlops/fixtures/index.js";
import { python } from "./debian-python.js";

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  ({ root: dir, cleanup } = tempRoot("mlops-interop-yaml-"));
  // An all-digit run id: a plain YAML 1.1 scalar PyYAML would read as a number. The fixture with an ONNX export
  // writes every file (conda.yaml, python_env.yaml too).
  await trainFixture("regression", dir, { runId: "0123456789" });
});
afterAll(() => cleanup());

/** Loads a YAML file with Debian's PyYAML (what MLflow's Model.load uses) and returns it as JSON. */
async function pyyaml(path: string): Promise<unknown> {
  const script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
  return JSON.parse(await python(["-c", script, path]));
}

it("reads the same MLmodel in PyYAML (YAML 1.1, as MLflow loads it) as in our YAML parser", async () => {
  const path = join(dir, "model", "MLmodel");
  const python = (await pyyaml(path)) as Record<string, unknown>;
  expect(python).toEqual(parse(await readFile(path, "utf8")));
  // json.dumps would have failed on a datetime; these stay strings.
  expect(typeof python.utc_time_created).toBe("string");
  expect(python.run_id).toBe("0123456789");
});

it("writes conda.yaml and python_env.yaml that PyYAML reads as plain data", async () => {
  for (const file of ["conda.yaml", "python_env.yaml"]) {
    const path = join(dir, "model", file);
    expect(await pyyaml(path)).toEqual(parse(await readFile(path, "utf8")));
  }
});
