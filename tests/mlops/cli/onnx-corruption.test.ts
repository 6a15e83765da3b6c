// An ONNX file that no longer answers as the model does (one weight scaled by 1 + 1e-6) is refused by every command
// that loads a model folder — serve, score, register — naming the file and the largest difference, exiting non-zero.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempRoot, trainFixture } from "../fixtures/index.js";
import { type FixtureProject, fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli } from "../pipeline/cli.js";

let project: FixtureProject | undefined;
let dir: string;
let cleanup = () => {};
let train: string;
let onnx: string;

beforeAll(async () => {
  project = fixtureProject("regression");
  ({ root: dir, cleanup } = tempRoot("mlops-onnx-corrupt-"));
  train = join(dir, "train");
  await trainFixture("regression", train);
  onnx = join(train, "model", "model.onnx");
  const bytes = readFileSync(onnx);
  // The first double of the initializer "w": its name (field 8, "B\x01w"), then raw_data (tag "J", one length byte).
  const at = bytes.indexOf(Buffer.from([0x42, 0x01, 0x77, 0x4a])) + 5;
  expect(at).toBeGreaterThan(5);
  bytes.writeDoubleLE(bytes.readDoubleLE(at) * (1 + 1e-6), at);
  writeFileSync(onnx, bytes);
  writeFileSync(join(dir, "rows.csv"), "x1,x2,x3\n1,2,3\n");
}, 60_000);
afterAll(() => {
  cleanup();
  project?.cleanup();
});

const refusal =
  /model\.onnx: its answers to the smoke rows differ from the model's TypeScript code beyond 1e-9 relative \+ 1e-12 absolute \(largest difference [0-9.e-]+/;

describe("a corrupted ONNX weight", () => {
  it.each([
    ["serve", () => ["serve", "--model", join(train, "model"), "--port", "0"]],
    [
      "score",
      () => [
        "score",
        "--model",
        join(train, "model"),
        "--input",
        join(dir, "rows.csv"),
        "--output",
        join(dir, "out.csv"),
      ],
    ],
    ["register", () => ["register", "--train-dir", train, "--output-dir", join(dir, "reg")]],
  ])("is refused by %s", async (_name, args) => {
    const r = await runCli(args(), { cwd: project?.root, env: cleanEnv({ MLOPS_HOME: join(dir, ".mlops") }) });
    expect(r.code, r.stdout + r.stderr).not.toBe(0);
    expect(r.stderr).toContain(onnx);
    expect(r.stderr).toMatch(refusal);
  });
});
