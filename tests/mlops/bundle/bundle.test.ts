import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoreFile } from "../../../mlops/batch/index.js";
import { buildBundle, readBundle } from "../../../mlops/bundle/index.js";
import { prepDataStep, trainFromPrepStep } from "../../../mlops/steps/index.js";
import { fixturePredictor, leastSquares } from "../fixtures/index.js";
import { fixtureProject } from "../fixtures/project.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../../..");
// Bundles of a project whose model is the regression fixture: the step entries carry whatever model training/ has.
const project = fixtureProject("regression");
const DATA = project.dataFile;
const bundleOf = (outDir: string, templateFile?: string) =>
  buildBundle({ outDir, dataFile: DATA, root: project.root, ...(templateFile ? { templateFile } : {}) });

describe("step bundles (esbuild)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlops-bundle-test-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    project.cleanup();
  });

  it("bundling twice gives the same files and hash; one self-contained file per step", async () => {
    const a = await bundleOf(join(dir, "a"));
    const b = await bundleOf(join(dir, "b")); // a second, full build
    expect(b.hash).toBe(a.hash);
    expect(b.sha256).toEqual(a.sha256);
    expect(a.files).toEqual([
      DATA,
      "mlops-bundle.json",
      "steps/DejaVuSans-Bold.ttf",
      "steps/DejaVuSans.ttf",
      "steps/chart-worker.mjs",
      "steps/evaluate.mjs",
      "steps/ort-wasm-simd-threaded.mjs",
      "steps/ort-wasm-simd-threaded.wasm",
      "steps/prep-data.mjs",
      "steps/register.mjs",
      "steps/resvg.wasm",
      "steps/score.mjs",
      "steps/train.mjs",
      "variables-template.yml",
    ]);
    const importsOf = async (file: string) => {
      const code = await readFile(join(dir, "a", file), "utf8");
      // Import statements and dynamic imports only: the bundled libraries hold the words `from "…"` in their strings.
      return [
        ...code.matchAll(/^\s*(?:import|export)\s[^"'();]*?from\s*["']([^"']+)["']/gm),
        ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1].replace(/^node:/, ""));
    };
    // No imports left but Node's own (and onnxruntime's WebAssembly glue, shipped beside the steps)…
    const train = await importsOf("steps/train.mjs");
    expect(train).toContain("module"); // the require shim's: the patterns see esbuild's import lines
    expect(train.filter((m) => !builtinModules.includes(m))).toEqual([]);
    // …and the charts are drawn by the worker beside it, which holds vega: vega-canvas's optional
    // `await import("canvas")` inside a try, and nothing else. node-canvas is never installed (a native download),
    // so vega measures text by estimate and resvg draws it (mlops/charts).
    const worker = await importsOf("steps/chart-worker.mjs");
    expect(worker.filter((m) => !builtinModules.includes(m))).toEqual(["canvas"]);
    expect((await readBundle(join(dir, "a"))).hash).toBe(a.hash);
  });

  it("an unchanged bundle is kept as it is; a changed input rebuilds it with another hash", async () => {
    const out = join(dir, "a"); // built by the first test: found up to date
    const fixture = join(ROOT, "tests/mlops/bundle/fixtures/variables-template.yml");
    const first = await bundleOf(out);
    const built = (await stat(join(out, "steps/train.mjs"))).mtimeMs;
    const again = await bundleOf(out);
    expect(again.hash).toBe(first.hash);
    expect((await stat(join(out, "steps/train.mjs"))).mtimeMs).toBe(built); // not rebuilt
    const changed = await bundleOf(out, fixture);
    expect(changed.hash).not.toBe(first.hash);
    expect(changed.sha256["variables-template.yml"]).not.toBe(first.sha256["variables-template.yml"]);
    expect(changed.sha256["steps/train.mjs"]).toBe(first.sha256["steps/train.mjs"]);
  });

  // 60 s: bundled prep-data and train plus the local steps, each train drawing its charts.
  it("the bundled prep-data (reading --data, as the data asset input in Azure ML) and train write what the local steps write", async () => {
    const bundle = join(dir, "b");
    const out = (name: string) => join(dir, "out", name);
    const set = ["--set", "TRAIN_SHRINK=0.25", "--set", "TRAIN_RANDOM_STATE=7"];
    // Not the data inside the bundle: one row more, so a step that ignored --data would split other rows.
    const data = join(dir, "mounted.csv");
    await writeFile(data, `${await readFile(join(project.root, DATA), "utf8")}1.5,-2,0.25,3.75\n`);
    await run(
      process.execPath,
      [join(bundle, "steps/prep-data.mjs"), ...set, "--data", data, "--output-dir", out("prep-bundled")],
      { cwd: dir },
    );
    await run(
      process.execPath,
      [
        join(bundle, "steps/train.mjs"),
        ...set,
        "--prep-dir",
        out("prep-bundled"),
        "--output-dir",
        out("train-bundled"),
        "--run-id",
        "run-1",
      ],
      { cwd: dir },
    );

    await prepDataStep({
      model: leastSquares,
      dataFile: data,
      outputDir: out("prep-local"),
      testSize: 0.2,
      randomState: 7,
    });
    await trainFromPrepStep({
      model: leastSquares,
      prepDir: out("prep-local"),
      outputDir: out("train-local"),
      params: { shrink: 0.25 },
      modelName: project.variables().MODEL_NAME,
      runId: "run-1",
    });

    // The charts too: the bundled step finds the font and resvg's WebAssembly beside it (no node_modules there).
    for (const file of [
      "prep/train.csv",
      "prep/test.csv",
      "train/model/model.onnx",
      "train/model/weights.json",
      "train/plots/predicted-vs-actual.png",
      "train/plots/residuals.png",
    ]) {
      const [folder, ...rest] = file.split("/");
      const bundled = await readFile(join(out(`${folder}-bundled`), ...rest));
      const local = await readFile(join(out(`${folder}-local`), ...rest));
      expect(bundled.equals(local), file).toBe(true);
    }
    const metrics = async (which: string) =>
      JSON.parse(await readFile(join(out(`train-${which}`), "metrics.json"), "utf8"));
    const [m1, m2] = [await metrics("bundled"), await metrics("local")];
    expect({ ...m1, data: { ...m1.data, file: "" } }).toEqual({ ...m2, data: { ...m2.data, file: "" } });
    expect(m1.params).toMatchObject({ shrink: 0.25, random_state: 7, test_size: 0.2 });
    const split = JSON.parse(await readFile(join(out("prep-bundled"), "split.json"), "utf8"));
    expect(split.rows).toBe(81); // the fixture's 80 rows and the one added
  }, 60_000);

  it("the bundled score step (the batch endpoint's) scores every CSV of a folder as `mlops score` scores each file", async () => {
    // The model the bundled train step wrote in the test above, as Azure ML mounts the registered model folder.
    const model = join(dir, "out", "train-bundled", "model");
    const lines = (await readFile(join(project.root, DATA), "utf8")).trimEnd().split("\n");
    const input = join(dir, "batch-in");
    await mkdir(join(input, "part-b"), { recursive: true });
    await writeFile(join(input, "a.csv"), `${lines.slice(0, 31).join("\n")}\n`);
    await writeFile(join(input, "part-b", "b.csv"), `${[lines[0], ...lines.slice(31)].join("\n")}\n`);
    await writeFile(join(input, "README.txt"), "not data\n");
    const output = join(dir, "batch-out");
    const { stdout } = await run(
      process.execPath,
      [join(dir, "b", "steps/score.mjs"), "--model", model, "--input", input, "--output-dir", output],
      { cwd: dir },
    );
    expect(stdout).toContain(`score: 2 files, ${lines.length - 1} rows → ${output}`);
    expect((await readdir(output, { recursive: true })).sort()).toEqual(["a.csv", "part-b", "part-b/b.csv"]);
    const predictor = await fixturePredictor("regression", model);
    for (const file of ["a.csv", "part-b/b.csv"]) {
      const local = join(dir, "batch-local", file);
      await scoreFile(predictor, { input: join(input, file), output: local, format: "csv" });
      const bundled = await readFile(join(output, file));
      expect(bundled.equals(await readFile(local)), file).toBe(true);
    }

    const empty = join(dir, "batch-empty");
    await mkdir(empty, { recursive: true });
    await writeFile(join(empty, "README.txt"), "no data here\n");
    const error = await run(
      process.execPath,
      [join(dir, "b", "steps/score.mjs"), "--model", model, "--input", empty, "--output-dir", join(dir, "x")],
      { cwd: dir },
    ).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr.trim()).toMatch(/^mlops score: --input .*batch-empty holds no file to score \(\.csv, /);
  });

  it("the bundled register step with --model-copy-dir copies the train output there first (a sweep's best trial)", async () => {
    // The train output of the test above stands for the best trial's; the copy goes where the pipeline's per-job
    // model path is mounted in Azure ML (what --model-uri names), here a folder that exists, as a mount does.
    const train = join(dir, "out", "train-bundled");
    const copy = join(dir, "model-copy");
    await mkdir(copy);
    const home = join(dir, "register-home");
    const { stdout } = await run(
      process.execPath,
      [
        join(dir, "b", "steps/register.mjs"),
        "--train-dir",
        train,
        "--output-dir",
        join(dir, "registration"),
        "--model-copy-dir",
        copy,
      ],
      { cwd: dir, env: { ...process.env, MLOPS_HOME: home } },
    );
    expect(stdout).toMatch(/register: /);
    const files = (await readdir(train, { recursive: true })).sort();
    expect((await readdir(copy, { recursive: true })).sort()).toEqual(files);
    for (const file of ["metrics.json", "model/model.onnx", "model/MLmodel"]) {
      expect((await readFile(join(copy, file))).equals(await readFile(join(train, file))), file).toBe(true);
    }
    const registration = JSON.parse(await readFile(join(dir, "registration", "registration.json"), "utf8"));
    expect(registration).toMatchObject({ registered: true, version: 1 });
  });

  it("a bundled step fails with one line and a non-zero exit", async () => {
    const error = await run(
      process.execPath,
      [join(dir, "b", "steps/train.mjs"), "--prep-dir", join(dir, "none"), "--output-dir", join(dir, "x")],
      { cwd: dir },
    ).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr.trim().split("\n")).toHaveLength(1);
    expect(error.stderr).toMatch(/^mlops train: .*split\.json not found: run the prep-data step first/);
  });
});
