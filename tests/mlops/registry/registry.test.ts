import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sha256 } from "../../../mlops/fs/index.js";
import {
  findLatest,
  listModels,
  mlopsHome,
  registerModel,
  resolveModelRef,
  versionNumbers,
} from "../../../mlops/registry/index.js";

const root = mkdtempSync(join(tmpdir(), "mlops-registry-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function fakeModel(content = "flavors: {}\n"): string {
  const dir = join(root, `src-${n++}`, "model");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "MLmodel"), content);
  writeFileSync(join(dir, "model.json"), '{"w":[1]}');
  return dir;
}

function freshHome(): string {
  return mkdtempSync(join(root, "home-"));
}

describe("registry", () => {
  it("registers integer versions from 1 with tags and file hashes", async () => {
    const home = freshHome();
    const modelDir = fakeModel("a: 1\n");
    const first = await registerModel({ name: "m", modelDir, tags: { mse: "3.5", BuildId: "b1" }, home });
    const second = await registerModel({ name: "m", modelDir: fakeModel(), tags: { BuildId: "b2" }, home });
    expect([first.created, first.model.version, second.model.version]).toEqual([true, 1, 2]);
    const record = JSON.parse(readFileSync(join(home, "registry/m/1/version.json"), "utf8"));
    expect(record.version).toBe(1);
    expect(record.tags).toEqual({ mse: "3.5", BuildId: "b1" });
    expect(record.files["model/MLmodel"]).toBe(sha256("a: 1\n"));
    expect(Object.keys(record.files).sort()).toEqual(["model/MLmodel", "model/model.json"]);
    expect(readdirSync(join(home, "registry/m")).sort()).toEqual(["1", "2"]);
  });

  it("is idempotent per BuildId", async () => {
    const home = freshHome();
    const modelDir = fakeModel();
    await registerModel({ name: "m", modelDir, tags: { BuildId: "42" }, home });
    const again = await registerModel({ name: "m", modelDir, tags: { BuildId: "42" }, home });
    expect(again.created).toBe(false);
    expect(again.model.version).toBe(1);
    expect(again.message).toMatch(/build 42 is already registered as m version 1/);
    expect(await versionNumbers("m", home)).toEqual([1]);
  });

  it("gives concurrent writers distinct versions, and one version per build even when they race", async () => {
    const home = freshHome();
    const modelDir = fakeModel();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => registerModel({ name: "m", modelDir, tags: { BuildId: `b${i}` }, home })),
    );
    expect(results.map((r) => r.model.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const same = await Promise.all(
      Array.from({ length: 4 }, () => registerModel({ name: "m", modelDir, tags: { BuildId: "dup" }, home })),
    );
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(same.map((r) => r.model.version)).size).toBe(1);
    const all = await listModels({ home });
    expect(all.filter((v) => v.tags.BuildId === "dup")).toHaveLength(1);
    expect(readdirSync(join(home, "registry/m")).filter((e) => e.startsWith("."))).toEqual([]);
  });

  it("rejects a folder without MLmodel and a bad name", async () => {
    const home = freshHome();
    await expect(registerModel({ name: "m", modelDir: root, home })).rejects.toThrow(/not an MLflow model folder/);
    await expect(registerModel({ name: "../x", modelDir: fakeModel(), home })).rejects.toThrow(
      /invalid model name '\.\.\/x'/,
    );
  });

  it("resolves folders and models:/ URIs, naming a bad reference", async () => {
    const home = freshHome();
    await registerModel({ name: "m", modelDir: fakeModel(), tags: { experiment_name: "e1" }, home });
    await registerModel({ name: "m", modelDir: fakeModel(), tags: { experiment_name: "e2" }, home });
    expect(await resolveModelRef("models:/m/1", { home })).toBe(join(home, "registry/m/1/model"));
    expect(await resolveModelRef("models:/m/latest", { home })).toBe(join(home, "registry/m/2/model"));
    expect(await resolveModelRef(root)).toBe(root);
    await expect(resolveModelRef("models:/m/3", { home })).rejects.toThrow(/models:\/m\/3: .*known versions: 1, 2/);
    await expect(resolveModelRef("models:/nope/latest", { home })).rejects.toThrow(
      /models:\/nope\/latest: no versions/,
    );
    await expect(resolveModelRef("models:/m/v1", { home })).rejects.toThrow(/invalid model URI 'models:\/m\/v1'/);
    await expect(resolveModelRef(join(root, "missing"))).rejects.toThrow(/is not a folder/);
    const e1 = await findLatest("m", (v) => v.tags.experiment_name === "e1", home);
    expect(e1?.version).toBe(1);
  });

  it("lists every model and version, and defaults home to MLOPS_HOME", async () => {
    const home = freshHome();
    await registerModel({ name: "b", modelDir: fakeModel(), home });
    await registerModel({ name: "a", modelDir: fakeModel(), home });
    expect((await listModels({ home })).map((v) => `${v.name}:${v.version}`)).toEqual(["a:1", "b:1"]);
    expect(await listModels({ home: join(root, "empty") })).toEqual([]);
    const saved = process.env.MLOPS_HOME;
    process.env.MLOPS_HOME = home;
    try {
      expect(mlopsHome()).toBe(home);
    } finally {
      if (saved === undefined) delete process.env.MLOPS_HOME;
      else process.env.MLOPS_HOME = saved;
    }
  });
});
