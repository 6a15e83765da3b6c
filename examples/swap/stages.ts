// The stages of `npm run example:e2e`, in order: each throws an error naming what failed (with the command's last
// lines), or returns a one-line summary of what it measured.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { diffProblems, swapModel, templateFile } from "./plan.js";
import { suite } from "./suite.js";

/** What the stages share: the copy, its environment, and a way to run a command in it. */
export interface Context {
  readonly root: string;
  readonly copy: string;
  /** A folder beside the copy for the stages' own files (outside its git tree). */
  readonly scratch: string;
  readonly example: string;
  readonly env: NodeJS.ProcessEnv;
  /** A file's text at the copy's first commit (the project before the swap). */
  before(path: string): string;
  run(
    command: string,
    args: readonly string[],
    options?: { readonly env?: NodeJS.ProcessEnv },
  ): { code: number; stdout: string; stderr: string };
  /** Lines printed after the stages (the measured numbers). */
  readonly notes: string[];
  /** What earlier stages found for later ones: the model version the first `npm start` registered. */
  readonly found: { registered?: string };
}

/** One stage: its name and what it does. */
export interface Stage {
  readonly name: string;
  run(c: Context): Promise<string | undefined> | string | undefined;
}

/** Runs a command in the copy; a non-zero exit throws with the output's last lines. */
function must(c: Context, command: string, args: readonly string[], lines = 25): string {
  const r = c.run(command, args);
  if (r.code !== 0) {
    // biome and vitest colour their output whatever NO_COLOR says: strip the escapes for a readable log.
    const plain = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`);
    const tail = plain.trim().split("\n").slice(-lines).join("\n");
    throw new Error(`${command} ${args.join(" ")} exited ${r.code}:\n${tail}`);
  }
  return `${r.stdout}${r.stderr}`;
}

const cli = (c: Context, ...args: string[]) =>
  must(c, process.execPath, ["--import", "tsx", "mlops/cli/main.ts", ...args]);

/** The newest run record of the copy. */
function lastRun(c: Context): Record<string, unknown> & { verdict?: { decision: string; metric: string } } {
  const runs = join(c.copy, ".mlops", "runs");
  const id = readdirSync(runs).sort().at(-1) as string;
  return JSON.parse(readFileSync(join(runs, id, "run.json"), "utf8"));
}

/** Files named `name` under `dir`, depth first. */
function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? findFiles(join(dir, d.name), name) : d.name === name ? [join(dir, d.name)] : [],
  );
}

/** The copy's changes against its first commit, as git lists them (untracked files included). */
function changedPaths(c: Context): string[] {
  const out = c.run("git", ["status", "--porcelain", "--untracked-files=all", "--no-renames"]).stdout;
  return out
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3));
}

function confined(c: Context): string {
  const changed = changedPaths(c);
  const problems = diffProblems(changed, c.copy, (p) => c.before(p));
  if (problems.length > 0) throw new Error(problems.join("\n"));
  const stat = c.run("git", ["diff", "--stat", "HEAD"]).stdout.trim().split("\n").at(-1);
  return `${changed.length} paths changed, all the model's (${stat?.trim()})`;
}

/** Starts `serve` on a free port, POSTs `rows`, returns the answer and stops the server. */
async function serveAndPost(c: Context, rows: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "mlops/cli/main.ts", "serve", "--model", modelUri(c), "--port", "0"],
    {
      cwd: c.copy,
      env: c.env,
    },
  );
  let seen = "";
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not listen within 60 s:\n${seen}`)), 60_000);
      const read = (d: Buffer) => {
        seen += d;
        const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", (code) => reject(new Error(`serve exited ${code}:\n${seen}`)));
    });
    const res = await fetch(`${url}/score`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ data: rows }),
    });
    const smoke = c.run(process.execPath, ["--import", "tsx", "mlops/cli/main.ts", "smoke-test", "--url", url]);
    if (smoke.code !== 0) throw new Error(`smoke-test --url ${url} exited ${smoke.code}: ${smoke.stderr.trim()}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    child.kill("SIGTERM");
  }
}

export const STAGES: readonly Stage[] = [
  {
    name: "swap",
    run(c) {
      const m = swapModel(c.root, c.example, c.copy);
      return `${m.description}; knobs ${Object.keys(m.knobs).join(", ")}`;
    },
  },
  {
    name: "install",
    run(c) {
      const m = JSON.parse(readFileSync(join(c.root, "examples", c.example, "example.json"), "utf8"));
      const specs = Object.entries(m.dependencies as Record<string, string>).map(([n, v]) => `${n}@${v}`);
      // A full install into the copy's own node_modules, from the lockfile plus the example's packages.
      must(c, "npm", ["install", "--save-exact", "--no-audit", "--no-fund", "--prefer-offline", ...specs]);
      return specs.join(" ");
    },
  },
  { name: "confined", run: confined },
  { name: "lint", run: (c) => void must(c, "npm", ["run", "--silent", "lint"]) },
  { name: "typecheck", run: (c) => void must(c, "npm", ["run", "--silent", "typecheck"]) },
  { name: "npm test", run: suite },
  {
    name: "npm start (1)",
    run(c) {
      must(c, "npm", ["start"]);
      const run = lastRun(c) as { status: string; metrics: Record<string, number>; registration?: { uri: string } };
      if (run.status !== "completed" || !run.registration) throw new Error(`run ${run.status}, not registered`);
      const reference = join(c.copy, "tests/training/fixtures/sklearn-forest.json");
      const sk = JSON.parse(readFileSync(reference, "utf8")) as { roc_auc: number; estimator: string };
      c.found.registered = run.registration.uri;
      c.notes.push(
        `held-out roc_auc ${run.metrics.roc_auc} (${c.example}); scikit-learn ${sk.estimator}: ${sk.roc_auc}`,
      );
      return `registered ${run.registration.uri}, roc_auc ${run.metrics.roc_auc}`;
    },
  },
  {
    name: "npm start (2)",
    run(c) {
      must(c, "npm", ["start"]);
      const v = lastRun(c).verdict;
      if (!v || !["better", "not_better"].includes(v.decision))
        throw new Error(`the second run's verdict is ${JSON.stringify(v)}, not a comparison with the first`);
      return `verdict ${v.decision} on ${v.metric}`;
    },
  },
  {
    // The example sweeps its own search space with no machinery edit: trials in worker processes, the best evaluated.
    name: "sweep (local)",
    run(c) {
      const out = cli(c, "sweep", "--max-trials", "4", "--parallel", "2");
      const run = lastRun(c) as { status: string; sweep?: { trials: number; best_trial: number; params: object } };
      const lines = out.split("\n").filter((l) => /^ +trial \d+\/4 /.test(l)).length;
      if (!["completed", "canceled"].includes(run.status) || run.sweep?.trials !== 4 || lines !== 4)
        throw new Error(`sweep: run ${run.status}, ${run.sweep?.trials} trials recorded, ${lines} progress lines`);
      return `${run.status}; best trial ${run.sweep.best_trial}: ${JSON.stringify(run.sweep.params)}`;
    },
  },
  {
    name: "serve + POST",
    async run(c) {
      const [smoke] = findFiles(join(c.copy, ".mlops", "registry"), "smoke.json");
      const rows = (JSON.parse(readFileSync(smoke, "utf8")) as { input: { data: unknown[] } }).input.data;
      const { status, body } = await serveAndPost(c, rows);
      const probabilities = body.probabilities as number[][] | undefined;
      if (status !== 200 || !Array.isArray(body.classes) || probabilities?.length !== rows.length)
        throw new Error(`POST /score answered ${status}: ${JSON.stringify(body)}`);
      return `classes ${JSON.stringify(body.classes)}, answered ${JSON.stringify(body.result)} ${JSON.stringify(probabilities)}`;
    },
  },
  {
    name: "score",
    run(c) {
      const data = readFileSync(join(c.copy, "data", firstCsv(c)), "utf8")
        .trim()
        .split("\n");
      // The inputs only: a batch to score has no target column.
      const input = join(c.scratch, "batch.csv");
      writeFileSync(
        input,
        `${data
          .slice(0, 11)
          .map((l) => l.split(",").slice(0, -1).join(","))
          .join("\n")}\n`,
      );
      const output = join(c.scratch, "scored.csv");
      cli(c, "score", "--model", modelUri(c), "--input", input, "--output", output);
      const lines = readFileSync(output, "utf8").trim().split("\n");
      if (lines.length !== 11) throw new Error(`scored.csv has ${lines.length - 1} rows for 10`);
      return `${lines[0]}; ${lines[1]}`;
    },
  },
  {
    name: "azureml dry run",
    run(c) {
      const dir = join(c.scratch, "calls");
      cli(c, "run", "--target", "azureml", "--dry-run", "--dry-run-dir", dir);
      const calls = JSON.parse(readFileSync(join(dir, "calls.json"), "utf8")) as {
        body?: { properties?: { componentSpec?: { inputs: Record<string, unknown> } } };
      }[];
      const specs = calls.flatMap((x) => x.body?.properties?.componentSpec ?? []);
      const knobs = Object.keys(
        JSON.parse(readFileSync(join(c.copy, "examples", c.example, "example.json"), "utf8")).knobs,
      );
      const wanted = knobs.filter((k) => k.startsWith("TRAIN_") && k !== "TRAIN_FEATURES");
      const missing = specs.flatMap((s, i) =>
        wanted.filter((k) => !(k in s.inputs)).map((k) => `component ${i}: ${k}`),
      );
      if (specs.length === 0 || missing.length > 0) throw new Error(`component inputs missing: ${missing.join(", ")}`);
      return `${specs.length} components, inputs ${wanted.join(", ")}`;
    },
  },
  {
    name: "azureml sweep dry run",
    run(c) {
      // `mlops sweep --target azureml` (run --target azureml with SWEEP=true) with no machinery edit: the train node
      // is a sweep over the example's own TRAIN_ knobs.
      const dir = join(c.scratch, "sweep-calls");
      cli(c, "sweep", "--target", "azureml", "--dry-run", "--dry-run-dir", dir);
      const calls = JSON.parse(readFileSync(join(dir, "calls.json"), "utf8")) as { method: string; url: string }[];
      const job = calls.find((x) => x.method === "PUT" && /\/jobs\/[^/?]+\?/.test(x.url)) as {
        body?: { properties?: { jobs?: Record<string, { type?: string; search_space?: Record<string, unknown> }> } };
      };
      const node = job?.body?.properties?.jobs?.train;
      const knobs = Object.keys(node?.search_space ?? {});
      const declared = JSON.parse(readFileSync(join(c.copy, "examples", c.example, "example.json"), "utf8")).knobs;
      if (node?.type !== "sweep" || knobs.length === 0 || knobs.some((k) => !(k in declared)))
        throw new Error(`no sweep node over the example's knobs: ${JSON.stringify(node?.type)} over ${knobs}`);
      return `sweep node over ${knobs.join(", ")}`;
    },
  },
  {
    name: "deploy dry run",
    run(c) {
      const r = c.run(process.execPath, [
        "--import",
        "tsx",
        "mlops/cli/main.ts",
        "deploy",
        "--model",
        // A dry run looks the workspace's model up by its version in the local registry ("latest" is Azure's).
        c.found.registered ?? modelUri(c),
        "--dry-run",
        "--dry-run-dir",
        join(c.scratch, "deploy"),
      ]);
      // The default mode deploys the serving image: a deployment with the environment and no scoring script.
      if (r.code !== 0) throw new Error(`deploy --dry-run exited ${r.code}:\n${r.stderr.trim()}`);
      const calls = JSON.parse(readFileSync(join(c.scratch, "deploy", "calls.json"), "utf8")) as {
        method: string;
        url: string;
        body?: { properties?: Record<string, unknown> };
      }[];
      const put = calls.find((x) => x.method === "PUT" && /\/onlineEndpoints\/[^/]+\/deployments\/[^/?]+/.test(x.url));
      const props = put?.body?.properties;
      if (props === undefined || typeof props.environmentId !== "string" || "codeConfiguration" in props) {
        throw new Error(
          `deploy --dry-run planned no custom-container deployment (environmentId, no codeConfiguration)`,
        );
      }
      return `container deployment planned: ${put?.url.split("/deployments/")[1]?.split("?")[0]}`;
    },
  },
  { name: "synth", run: (c) => void must(c, "npm", ["run", "--silent", "synth"]) },
  { name: "confined (after the runs)", run: confined },
];

/** The registered model's newest version (MODEL_NAME from the copy's variables template). */
function modelUri(c: Context): string {
  const template = readFileSync(join(c.copy, templateFile(c.copy)), "utf8");
  const name = /- name: MODEL_NAME\n\s*value: "?([^"\n]+)"?/.exec(template)?.[1];
  if (!name) throw new Error(`no MODEL_NAME in ${templateFile(c.copy)}`);
  return `models:/${name}/latest`;
}

/** The DATA_FILE's name in data/ (the example's CSV). */
function firstCsv(c: Context): string {
  return readdirSync(join(c.copy, "data")).find((f) => f.endsWith(".csv")) as string;
}
