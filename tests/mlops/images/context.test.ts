import { execFile } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildServingContext, buildStepContext, dockerfileOf } from "../../../mlops/images/index.js";
import { tempRoot } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";

const run = promisify(execFile);
const project = fixtureProject("regression");
const temp = tempRoot("mlops-image-context-");
afterAll(() => {
  temp.cleanup();
  project.cleanup();
});

describe("image build contexts", () => {
  it("the serving context: Dockerfile, one self-contained bundle, ORT's runtime; same sources, same hash", async () => {
    const a = await buildServingContext({ outDir: join(temp.root, "a"), root: project.root });
    const b = await buildServingContext({ outDir: join(temp.root, "b"), root: project.root });
    expect(a.files).toEqual([
      "Dockerfile",
      "app/ort-wasm-simd-threaded.mjs",
      "app/ort-wasm-simd-threaded.wasm",
      "app/serve.mjs",
      "mlops-image.json",
    ]);
    expect(b.hash).toBe(a.hash);
    expect(readFileSync(join(a.dir, "Dockerfile"), "utf8")).toBe(
      readFileSync(dockerfileOf("serve", project.root), "utf8"),
    );
    const bundle = readFileSync(join(a.dir, "app/serve.mjs"), "utf8");
    const imports = [...bundle.matchAll(/from\s*["']([^"']+)["']/g)].map((m) => m[1].replace(/^node:/, ""));
    expect(imports.filter((m) => !builtinModules.includes(m))).toEqual([]);
    // The bundle runs alone (no repository, no node_modules): an unknown flag is refused by its own parser.
    const refused = await run(process.execPath, [join(a.dir, "app/serve.mjs"), "--nope"]).catch((e) => e);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--nope/);
  });

  it("a changed Dockerfile is a new context hash (a new environment version)", async () => {
    const before = await buildServingContext({ outDir: join(temp.root, "c"), root: project.root });
    appendFileSync(dockerfileOf("serve", project.root), "\n# changed\n");
    const after = await buildServingContext({ outDir: join(temp.root, "c"), root: project.root });
    expect(after.hash).not.toBe(before.hash);
  });

  it("the step context: its Dockerfile and manifest, deterministic", async () => {
    const a = await buildStepContext({ outDir: join(temp.root, "s1"), root: project.root });
    const b = await buildStepContext({ outDir: join(temp.root, "s2"), root: project.root });
    expect(a.files).toEqual(["Dockerfile", "mlops-image.json"]);
    expect(b.hash).toBe(a.hash);
  });
});
