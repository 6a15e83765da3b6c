// The serving image as Azure ML runs it, without Docker: the committed Dockerfile is parsed (dockerfile-ast), only
// the files it COPYs are laid out in a temp folder standing for the image's root, the registered model is mounted
// where Azure ML mounts it ($AZUREML_MODEL_DIR = /var/azureml-app/azureml-models/<name>/<version>, the folder one
// level below), and the Dockerfile's own ENTRYPOINT + CMD start under its ENV and WORKDIR — with this Node and with
// Node 24 (the base image's release) when MLOPS_NODE24 names its binary.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDockerfile } from "../../../mlops/images/dockerfile.js";
import { buildServingContext, type ImageContext, servingInferenceConfig } from "../../../mlops/images/index.js";
import { smokeRequest } from "../../../mlops/smoke/index.js";
import { tempRoot, trainFixture } from "../fixtures/index.js";
import { type FixtureProject, fixtureProject } from "../fixtures/project.js";
import { waitForLine } from "../server/child.js";
import { type LinearOracle, linearOracle, relClose } from "../server/oracles.js";

const NODE24 = process.env.MLOPS_NODE24;
const node24 = NODE24 && existsSync(NODE24) ? NODE24 : process.versions.node.startsWith("24.") ? process.execPath : "";

let project: FixtureProject;
let temp: { root: string; cleanup: () => void };
let context: ImageContext;
let trained: string;
let oracle: LinearOracle;
let smoke: { columns: string[]; data: number[][] };
const children: ChildProcess[] = [];

beforeAll(async () => {
  project = fixtureProject("regression"); // a repository whose training/ and scoring/ are the regression fixture's
  temp = tempRoot("mlops-serving-image-");
  context = await buildServingContext({ outDir: join(temp.root, "context"), root: project.root });
  await trainFixture("regression", join(temp.root, "train"));
  trained = join(temp.root, "train", "model");
  oracle = await linearOracle(trained);
  smoke = JSON.parse(readFileSync(join(trained, "smoke.json"), "utf8")).input;
}, 120_000);
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  temp?.cleanup();
  project?.cleanup();
});

/**
 * The image's root in a temp folder: the Dockerfile's COPYs from the context, and the mounted model — whose ONNX
 * file is a named pipe the test fills later (`release`): the load waits on it as on a slow mount, so "before the
 * model is loaded" is a fact the test controls, not a race with the load.
 */
function layOut(name: string): { root: string; modelDir: string; release: () => Promise<void> } {
  const root = join(temp.root, name);
  const facts = readDockerfile(readFileSync(join(context.dir, "Dockerfile"), "utf8"));
  const workdir = facts.workdir ?? "/";
  for (const { sources, destination } of facts.copies) {
    const to = join(root, isAbsolute(destination) ? destination : join(workdir, destination));
    for (const source of sources) cpSync(join(context.dir, source), to, { recursive: true });
  }
  const modelDir = join(root, "var/azureml-app/azureml-models/fixture-model/3");
  mkdirSync(modelDir, { recursive: true });
  cpSync(trained, join(modelDir, "model"), { recursive: true }); // the registered folder keeps its name
  const onnx = readdirSync(trained).filter((f) => f.endsWith(".onnx"));
  expect(onnx).toHaveLength(1); // the regression fixture exports ONNX: the server loads onnxruntime's wasm
  const pipe = join(modelDir, "model", onnx[0]);
  rmSync(pipe);
  execFileSync("mkfifo", [pipe]);
  return { root, modelDir, release: () => writeFile(pipe, readFileSync(join(trained, onnx[0]))) };
}

/** Starts the image's command with `node` as the given binary; its port replaced by 0 (tests share the machine). */
function start(nodeBinary: string, root: string, modelDir: string): ChildProcess {
  const facts = readDockerfile(readFileSync(join(context.dir, "Dockerfile"), "utf8"));
  const command = [...(facts.entrypoint ?? []), ...(facts.cmd ?? [])];
  expect(command[0]).toBe("node");
  const args = command.slice(1);
  args[args.indexOf("--port") + 1] = "0";
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", ...facts.env, AZUREML_MODEL_DIR: modelDir };
  const child = spawn(nodeBinary, args, {
    cwd: join(root, facts.workdir ?? "/"),
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return child;
}

describe("the serving image's Dockerfile", () => {
  it("runs node on the bundle, as a non-root user, on the port inferenceConfig names", () => {
    const facts = readDockerfile(readFileSync(join(context.dir, "Dockerfile"), "utf8"));
    const config = servingInferenceConfig();
    const command = [...(facts.entrypoint ?? []), ...(facts.cmd ?? [])];
    const port = Number(command[command.indexOf("--port") + 1]);
    expect(facts.expose).toEqual([port]);
    for (const route of [config.livenessRoute, config.readinessRoute, config.scoringRoute])
      expect(route.port).toBe(port);
    expect(facts.user).not.toMatch(/^(root|0)?$/);
    // Every file the command needs is in the context the Dockerfile copies from.
    for (const copy of facts.copies)
      for (const source of copy.sources) expect(existsSync(join(context.dir, source))).toBe(true);
  });
});

describe.each([
  ["this Node", process.execPath],
  ["Node 24", node24],
])("the serving container's command under %s", (label, binary) => {
  it.skipIf(!binary)(
    `answers 503 on /ready while loading, then liveness, readiness and the smoke payload; drains on SIGTERM${binary ? "" : " (skipped: set MLOPS_NODE24 to a Node 24 binary)"}`,
    async () => {
      const { root, modelDir, release } = layOut(`image-${label.replace(/\W/g, "")}`);
      const child = start(binary, root, modelDir);
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      const [, url] = await waitForLine(child, /listening on (http:\/\/0\.0\.0\.0:\d+)/);
      const base = url.replace("0.0.0.0", "127.0.0.1");
      const { livenessRoute, readinessRoute, scoringRoute } = servingInferenceConfig();
      const [live, ready, score] = [livenessRoute.path, readinessRoute.path, scoringRoute.path];
      // The model loads after the server listens: the first readiness probe comes before it is in.
      const early = await fetch(`${base}${ready}`);
      expect(early.status).toBe(503);
      expect((await fetch(`${base}${score}`, { method: "POST", body: "{}" })).status).toBe(503);
      expect((await fetch(`${base}${live}`)).status).toBe(200);
      const loaded = waitForLine(child, /model loaded from (.*); GET \/ready answers 200/);
      await release();
      expect((await loaded)[1]).toBe(join(modelDir, "model")); // the one subfolder holding MLmodel
      expect((await fetch(`${base}${ready}`)).status).toBe(200);
      expect((await fetch(`${base}${live}`)).status).toBe(200);
      // No key: Azure ML authenticates at the endpoint, the container takes the caller as it comes.
      const res = await fetch(`${base}${score}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: smokeRequest(smoke),
      });
      expect(res.status).toBe(200);
      const { result } = (await res.json()) as { result: number[] };
      expect(result).toHaveLength(smoke.data.length);
      for (const [i, y] of result.entries()) expect(relClose(y, oracle.predict(smoke.data[i]))).toBe(true);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    },
    60_000,
  );
});

it("the Node 24 binary MLOPS_NODE24 names is Node 24", () => {
  if (!node24) return; // nothing to check: the Node 24 case above says it was skipped and why
  expect(execFileSync(node24, ["--version"], { encoding: "utf8" })).toMatch(/^v24\./);
});
