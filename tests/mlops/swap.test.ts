// The model seam, proved by a swap: a copy of the repository whose training/, scoring/ and data/ hold the multiclass
// fixture (a nearest-centroid classifier with a string input, three classes, no ONNX export) instead of the sample,
// with no machinery edit. Every command runs as a user runs it: prep → train → evaluate → register (npm start),
// serve + POST, score, smoke-test, and the Azure ML dry run.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadVariables } from "../../mlops/config/index.js";
import { fixtureProject } from "./fixtures/project.js";
import { cleanEnv, runCli, startCli } from "./pipeline/cli.js";

const project = fixtureProject("multiclass");
const cwd = project.root;
const env = cleanEnv({ MLOPS_HOME: join(cwd, ".mlops") });
const cli = (...args: string[]) => runCli(args, { cwd, env });
const { MODEL_NAME } = loadVariables({ env: {} });
const latest = `models:/${MODEL_NAME}/latest`;
afterAll(project.cleanup);

/** The newest run's record. */
function lastRun() {
  const runs = join(cwd, ".mlops", "runs");
  const id = readdirSync(runs).sort().at(-1) as string;
  return JSON.parse(readFileSync(join(runs, id, "run.json"), "utf8"));
}

describe("a multiclass model with a string column in place of the sample", () => {
  // 60 s: each run's train step draws its charts (vega + resvg: about a second of CPU more per process).
  it("npm start: prep → train → evaluate → register, then a second run compares for real", async () => {
    const first = await cli("run");
    expect(first.code, first.stderr).toBe(0);
    const record = lastRun();
    expect(record.status).toBe("completed");
    expect(record.params).toMatchObject({ temperature: 1 });
    expect(Object.keys(record.metrics)).toEqual(expect.arrayContaining(["accuracy", "log_loss", "f1_macro"]));
    expect(record.plots).toEqual(["plots/confusion-matrix.png", "plots/roc.png"]);
    expect(record.registration.uri).toBe(`models:/${MODEL_NAME}/1`);

    const second = await cli("run", "--set", "TRAIN_TEMPERATURE=0.5");
    expect(second.code, second.stderr).toBe(0);
    expect(lastRun().verdict).toMatchObject({ metric: "accuracy", direction: "higher" });
    expect(["better", "not_better"]).toContain(lastRun().verdict.decision);
  }, 60_000);

  it("serve: answers classes and probabilities from a JSON payload with a string column", async () => {
    const { child, done } = startCli(["serve", "--model", latest, "--port", "0"], { cwd, env });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stderr?.on("data", (d) => {
          seen += d;
          const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
          if (m) resolve(m[1]);
        });
        child.once("exit", () => reject(new Error(`serve exited: ${seen}`)));
      });
      const res = await fetch(`${url}/score`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          data: [
            [1, 0.1, "red"],
            [20, 20, "green"],
          ],
        }),
      });
      const answer = (await res.json()) as { result: unknown; classes: unknown; probabilities: unknown[] };
      expect(res.status, JSON.stringify(answer)).toBe(200);
      expect(answer.result).toEqual(["cherry", "melon"]);
      expect(answer.classes).toEqual(["apple", "cherry", "melon"]);
      expect(answer.probabilities).toHaveLength(2);

      const smoke = await cli("smoke-test", "--url", url);
      expect(smoke.code, smoke.stderr).toBe(0);
      expect(smoke.stdout).toMatch(/mlops smoke-test: OK .* answered \["/);
    } finally {
      child.kill("SIGTERM");
      await done;
    }
  });

  it("score: a CSV with the string column, predictions and one probability column per class", async () => {
    const input = join(cwd, "batch.csv");
    writeFileSync(input, "color,size,weight\nred,1,0.1\ngreen,20,20\n");
    const output = join(cwd, "out.csv");

    const r = await cli("score", "--model", latest, "--input", input, "--output", output);

    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(output, "utf8").trim().split("\n");
    expect(lines[0]).toBe("line,prediction,p_apple,p_cherry,p_melon");
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["2,cherry", "3,melon"]);
  });

  // 60 s: bundles the steps: train.mjs carries vega and vega-lite for the charts (~1.9 MB more for esbuild).
  it("run --target azureml --dry-run: the model's hyperparameter is an input of every component", async () => {
    const r = await cli("run", "--target", "azureml", "--dry-run", "--dry-run-dir", join(cwd, "calls"));
    expect(r.code, r.stderr).toBe(0);
    const calls = JSON.parse(readFileSync(join(cwd, "calls", "calls.json"), "utf8")) as {
      method: string;
      url: string;
      body?: { properties?: { componentSpec?: { type: string; inputs: Record<string, unknown> } } };
    }[];
    const specs = calls.flatMap((c) => (c.body?.properties?.componentSpec ? [c.body.properties.componentSpec] : []));
    expect(specs.length).toBeGreaterThanOrEqual(4);
    for (const spec of specs) expect(spec.inputs.TRAIN_TEMPERATURE).toEqual({ type: "string", optional: true });
  }, 60_000);
});
