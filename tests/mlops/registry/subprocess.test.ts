import { existsSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listModels, registerModel, versionNumbers } from "../../../mlops/registry/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli, startCli } from "../pipeline/cli.js";
import { tempRoot, trainOutput } from "../steps/fixtures.js";

const { root, cleanup } = tempRoot("mlops-registry-proc-");
// The register CLI loads the model folder with the project's model: a project whose model is a fixture (the one
// without an ONNX export: these tests are about the registry, and 8 processes need not each start onnxruntime).
const project = fixtureProject("multiclass");
const cwd = project.root;
afterAll(() => {
  cleanup();
  project.cleanup();
});
const NAME = ["--set", "MODEL_NAME=m"];

describe("register CLI under concurrency (real processes)", () => {
  it("8 concurrent register processes on distinct build ids get 8 distinct versions", async () => {
    const home = join(root, "home-concurrent");
    const train = await trainOutput(root, { accuracy: 1 }, "multiclass");
    const env = cleanEnv({ MLOPS_HOME: home });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        runCli(
          ["register", "--train-dir", train, "--output-dir", join(root, `out-${i}`), "--build-id", `b${i}`, ...NAME],
          { cwd, env },
        ),
      ),
    );
    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const versions = await listModels({ home });
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(versions.map((v) => v.tags.BuildId).sort()).toEqual(["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
    for (const r of results) expect(r.stdout).toMatch(/register: registered m version [1-8]\n/);
  });

  it("kill -9 during a registration leaves no partial version visible; the next one sweeps it", async () => {
    const home = join(root, "home-kill");
    const train = await trainOutput(root, { accuracy: 1 }, "multiclass");
    const big = join(train, "model", "big.bin");
    writeFileSync(big, "");
    truncateSync(big, 64 * 2 ** 20); // copying + hashing this takes a while
    const folder = join(home, "registry", "m");
    const args = ["register", "--train-dir", train, "--output-dir", join(root, "out-kill"), ...NAME];
    const { child, done } = startCli([...args, "--build-id", "k1"], { cwd, env: cleanEnv({ MLOPS_HOME: home }) });
    const staging = () => (existsSync(folder) ? readdirSync(folder).filter((e) => e.startsWith(".staging-")) : []);
    while (staging().length === 0 && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    child.kill("SIGKILL");
    const result = await done;
    expect(result.signal).toBe("SIGKILL");
    expect(staging()).toHaveLength(1);
    expect(await versionNumbers("m", home)).toEqual([]);
    expect(await listModels({ home })).toEqual([]);

    rmSync(big); // the next registration need not be slow
    const next = await registerModel({ name: "m", modelDir: join(train, "model"), tags: { BuildId: "k2" }, home });
    expect(next.created).toBe(true);
    expect(await versionNumbers("m", home)).toEqual([1]);
    expect(staging()).toEqual([]);
  });
});
