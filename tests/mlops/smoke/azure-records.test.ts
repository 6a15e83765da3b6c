// The smoke test against a service answering as Azure ML's MLflow (no-code) deployment does. Its scoring script,
// Azure/azureml-assets assets/inference/environments/mlflow-py312-inference/context/mlflow_score_script.py, ends
// run() with `return _get_jsonable_obj(result, pandas_orient="records")`: the pyfunc's data frame in pandas' records
// orient, one {"<output column>": value} per row — for our ONNX flavor the column is the graph's output, which the
// regression fixture names "value": [{"value": 1.2}, {"value": -0.4}].
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { command } from "../../../mlops/cli/commands/smoke-test.js";
import { registerModel } from "../../../mlops/registry/index.js";
import { smokeOfFile, smokeTest } from "../../../mlops/smoke/index.js";
import { tempRoot, trainFixture } from "../fixtures/index.js";
import { type FixtureProject, fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";
import { type LinearOracle, linearOracle } from "../server/oracles.js";

// The CLI's default expectation is the project model's smoke.json (models:/MODEL_NAME/latest): it runs in a copy of
// the repository whose model is the regression fixture, with a registry of its own.
let project: FixtureProject | undefined;
let dir: string;
let cleanup = () => {};
let modelDir: string;
let home: string;
let oracle: LinearOracle;
const servers: Server[] = [];

beforeAll(async () => {
  project = fixtureProject("regression");
  ({ root: dir, cleanup } = tempRoot("mlops-smoke-azure-"));
  modelDir = join(dir, "train", "model");
  home = join(dir, ".mlops");
  await trainFixture("regression", join(dir, "train"));
  oracle = await linearOracle(modelDir);
  const { MODEL_NAME } = project.variables();
  await registerModel({ name: MODEL_NAME, modelDir, home });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  cleanup();
  project?.cleanup();
});

/**
 * A stand-in for the Azure deployment on 127.0.0.1: scores the rows it is sent (bias + Σ w·x, plus `offset`) and
 * answers them in records orient; `extra` adds columns to each record. Like the script, whose run() takes its one
 * argument from the body's `input_data` key (`@input_schema("input_data", …)`), it refuses any other body (400), and
 * it reads the split orient's columns by name, as pandas does.
 */
async function azureLike(options: { offset?: number; extra?: Record<string, number> } = {}): Promise<string> {
  const s = createServer((req, res) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => {
      text += d;
    });
    req.on("end", () => {
      const body = JSON.parse(text) as { input_data?: { columns?: string[]; index?: number[]; data: number[][] } };
      const split = body.input_data;
      const names = oracle.inputs;
      if (!split || !Array.isArray(split.columns) || split.columns.join() !== names.join()) {
        res
          .writeHead(400, { "Content-Type": "application/json" })
          .end(`{"message":"expected input_data with columns ${names}"}`);
        return;
      }
      const rows = split.data;
      const records = rows.map((row) => ({ value: oracle.predict(row) + (options.offset ?? 0), ...options.extra }));
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(records));
    });
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/score`;
}

const smokeTestCli = (url: string) =>
  runCli(["smoke-test", "--url", url, "--deadline-seconds", "1"], {
    cwd: project?.root,
    env: cleanEnv({ MLOPS_HOME: home }),
  });

describe("smoke test against Azure's MLflow records orient", () => {
  it("passes with the right values, fails with wrong ones", async () => {
    const expected = await smokeOfFile(join(modelDir, "smoke.json"));
    const right = await smokeTest({ url: await azureLike(), expected, deadlineMs: 5000 });
    expect(right.result).toHaveLength(expected.result.length);
    expect(right.maxRelativeError).toBeLessThanOrEqual(1e-9);
    await expect(smokeTest({ url: await azureLike({ offset: 1e-3 }), expected, deadlineMs: 5000 })).rejects.toThrow(
      /result\[0\] is \S+, expected \S+ \(relative error \S+ > 1e-9\)/,
    );
  });

  it("reads the output column by name when the records hold several (the model's ONNX output)", async () => {
    const expected = await smokeOfFile(join(modelDir, "smoke.json"));
    const url = await azureLike({ extra: { variance: 0.5 } });
    expect((await smokeTest({ url, expected, output: "value", deadlineMs: 5000 })).attempts).toBe(1);
    await expect(smokeTest({ url, expected, deadlineMs: 5000 })).rejects.toThrow("holds no prediction per row");
    const wrong = await azureLike({ offset: 1e-3, extra: { variance: 0.5 } });
    await expect(smokeTest({ url: wrong, expected, output: "value", deadlineMs: 5000 })).rejects.toThrow(
      "result[0] is",
    );
  });

  it("the CLI defaults to models:/MODEL_NAME/latest's smoke.json and its ONNX output name: exit 0, or non-zero", async () => {
    const ok = await smokeTestCli(await azureLike({ extra: { variance: 0.5 } }));
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^mlops smoke-test: OK http:\/\/127\.0\.0\.1:\d+\/score answered \[/);
    const bad = await smokeTestCli(await azureLike({ offset: 1e-3 }));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/result\[0\] is \S+, expected \S+ \(relative error/);
  });

  it("the CLI with --expected (the CD pipeline's call) passes and fails the same way", async () => {
    const file = join(dir, "expected.json");
    await writeFile(file, JSON.stringify(await smokeOfFile(join(modelDir, "smoke.json"))));
    const logs: string[] = [];
    const original = console.log;
    console.log = (line: string) => void logs.push(line);
    try {
      expect(await command.run(["--url", await azureLike(), "--expected", file])).toBe(0);
    } finally {
      console.log = original;
    }
    expect(logs[0]).toMatch(/^mlops smoke-test: OK /);
    const wrong = await azureLike({ offset: -1e-3 });
    await expect(command.run(["--url", wrong, "--expected", file, "--deadline-seconds", "1"])).rejects.toThrow(
      "result[0] is",
    );
  });
});
