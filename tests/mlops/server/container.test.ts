import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { modelFolderIn, serveContainer } from "../../../mlops/server/index.js";
import { tempRoot } from "../fixtures/index.js";

const temp = tempRoot("mlops-container-");
afterAll(() => temp.cleanup());

describe("the model folder under AZUREML_MODEL_DIR", () => {
  it("is the folder itself when it holds MLmodel, else its one subfolder that does", async () => {
    const flat = join(temp.root, "flat");
    mkdirSync(flat);
    writeFileSync(join(flat, "MLmodel"), "");
    expect(await modelFolderIn(flat)).toBe(flat);
    const nested = join(temp.root, "nested");
    mkdirSync(join(nested, "model"), { recursive: true });
    mkdirSync(join(nested, "other"));
    writeFileSync(join(nested, "model", "MLmodel"), "");
    expect(await modelFolderIn(nested)).toBe(join(nested, "model"));
  });

  it("refuses no model, two models and a missing folder, naming what it found", async () => {
    const empty = join(temp.root, "empty");
    mkdirSync(join(empty, "weights"), { recursive: true });
    writeFileSync(join(empty, "README"), "");
    await expect(modelFolderIn(empty)).rejects.toThrow(/holds no single model folder: .*found README, weights\//);
    const two = join(temp.root, "two");
    for (const d of ["a", "b"]) {
      mkdirSync(join(two, d), { recursive: true });
      writeFileSync(join(two, d, "MLmodel"), "");
    }
    await expect(modelFolderIn(two)).rejects.toThrow(/2 subfolders hold MLmodel: a, b/);
    await expect(modelFolderIn(join(temp.root, "absent"))).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });
});

describe("serve --container", () => {
  it("takes no key, from the flag or MLOPS_SCORING_KEY: the endpoint authenticates callers", async () => {
    const env = { AZUREML_MODEL_DIR: temp.root };
    await expect(serveContainer({ key: "k", env })).rejects.toThrow(/takes no key: Azure ML authenticates/);
    await expect(serveContainer({ env: { ...env, MLOPS_SCORING_KEY: "k" } })).rejects.toThrow(
      /unset MLOPS_SCORING_KEY/,
    );
  });

  it("needs AZUREML_MODEL_DIR or --model", async () => {
    await expect(serveContainer({ env: {} })).rejects.toThrow(/AZUREML_MODEL_DIR is not set and no --model/);
  });

  it("exits non-zero with the reason when the mounted folder holds no model (after listening)", async () => {
    const lines: string[] = [];
    const empty = join(temp.root, "no-model");
    mkdirSync(empty);
    await expect(
      serveContainer({ port: "0", host: "127.0.0.1", env: { AZUREML_MODEL_DIR: empty }, say: (l) => lines.push(l) }),
    ).rejects.toThrow(
      /holds no single model folder: expected MLmodel there or in exactly one subfolder, found nothing/,
    );
    expect(lines[0]).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+; loading the model from AZUREML_MODEL_DIR=/);
  });
});
