import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listModels, registerModel, versionNumbers } from "../../../mlops/registry/index.js";
import { fixtureProject } from "../fixtures/project.js";
import { cleanEnv, runCli, startCli } from "../pipeline/cli.js";
import { tempRoot, trainOutput } from "../steps/fixtures.js";
import { seedVersions } from "./seed.js";

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
  it("8 concurrent register processes on a 60-version registry: 4 builds get 4 versions, 4 writers of one build one", async () => {
    const home = join(root, "home-concurrent");
    seedVersions(home, "m", 60);
    const train = await trainOutput(root, { accuracy: 1 }, "multiclass");
    const env = cleanEnv({ MLOPS_HOME: home });
    const builds = ["b0", "b1", "b2", "b3", "same", "same", "same", "same"];
    const results = await Promise.all(
      builds.map((build, i) =>
        runCli(
          ["register", "--train-dir", train, "--output-dir", join(root, `out-${i}`), "--build-id", build, ...NAME],
          { cwd, env },
        ),
      ),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual(builds.map(() => [0, ""]));
    const versions = await listModels({ home });
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 65 }, (_, i) => i + 1));
    const added = versions.slice(60).map((v) => v.tags.BuildId);
    expect(added.sort()).toEqual(["b0", "b1", "b2", "b3", "same"]);
    const same = versions.find((v) => v.tags.BuildId === "same")?.version;
    for (const [i, build] of builds.entries()) {
      const registration = JSON.parse(readFileSync(join(root, `out-${i}`, "registration.json"), "utf8"));
      const expected = versions.find((v) => v.tags.BuildId === build)?.version;
      expect(registration.version, build).toBe(expected);
      if (build === "same") expect(registration.version).toBe(same);
    }
    const created = results.filter((r, i) => builds[i] === "same" && /registered m version/.test(r.stdout));
    expect(created).toHaveLength(1);
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
