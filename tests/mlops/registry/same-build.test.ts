// Registration of one build id is idempotent under concurrency: exactly one version per build, every writer of the
// build reports that version, no number is ever used twice, no writer fails with "version N not found". (Writers
// in one process here; tests/mlops/registry/subprocess.test.ts races real processes, `npm run stress` 20 trials.)
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listModels, registerModel, versionNumbers } from "../../../mlops/registry/index.js";
import { seedVersions } from "./seed.js";

const root = mkdtempSync(join(tmpdir(), "mlops-same-build-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fixtureModel(): string {
  const dir = join(root, "model");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "MLmodel"), "flavors: {}\n");
  writeFileSync(join(dir, "weights.bin"), Buffer.alloc(256 * 1024, 7));
  return dir;
}

describe("registering one build id from many writers at once", () => {
  it("8 writers of one build on a 60-version registry, 3 times: one version each, all agree, no number reused", async () => {
    const home = mkdtempSync(join(root, "home-"));
    const modelDir = fixtureModel();
    seedVersions(home, "m", 60);
    const reported = new Map<string, number>();
    for (const build of ["x1", "x2", "x3"]) {
      const results = await Promise.all(
        Array.from({ length: 8 }, () => registerModel({ name: "m", modelDir, tags: { BuildId: build }, home })),
      );
      const versions = new Set(results.map((r) => r.model.version));
      expect([...versions], build).toHaveLength(1);
      expect(
        results.filter((r) => r.created),
        build,
      ).toHaveLength(1);
      reported.set(build, results[0].model.version);
      // Another build right after: it must never get a number a writer of `build` reported.
      const other = await registerModel({ name: "m", modelDir, tags: { BuildId: `after-${build}` }, home });
      expect(other.model.version).not.toBe(reported.get(build));
    }
    const all = await listModels({ name: "m", home });
    expect(all.map((v) => v.version)).toEqual(Array.from({ length: 66 }, (_, i) => i + 1));
    for (const [build, version] of reported) {
      expect(all.filter((v) => v.tags.BuildId === build).map((v) => v.version)).toEqual([version]);
    }
    expect(await versionNumbers("m", home)).toHaveLength(66);
    expect(readdirSync(join(home, "registry/m")).filter((e) => e.startsWith("."))).toEqual([]);
  });
});
