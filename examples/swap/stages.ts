// The stages of `npm run example:e2e`, in order: each throws an error naming what failed (with the command's last
// lines), or returns a one-line summary of what it measured.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AZURE_STAGES } from "./azure-stages.js";
import { type Context, cli, modelUri, must, type Stage } from "./context.js";
import { diffProblems, swapModel } from "./plan.js";
import { suite } from "./suite.js";

export type { Context, Stage } from "./context.js";

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
  ...AZURE_STAGES,
  { name: "synth", run: (c) => void must(c, "npm", ["run", "--silent", "synth"]) },
  { name: "confined (after the runs)", run: confined },
];

/** The DATA_FILE's name in data/ (the example's CSV). */
function firstCsv(c: Context): string {
  return readdirSync(join(c.copy, "data")).find((f) => f.endsWith(".csv")) as string;
}
