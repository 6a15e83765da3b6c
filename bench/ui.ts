// How fast `mlops ui` answers over a registry of 1,000 runs (the budget: the runs page in ≤ 200 ms once the
// server listens). One real pipeline run of the machinery's fixture regressor (never training/), copied to 1,000
// run folders with their own ids, start times and metric values; then the real command (`mlops ui --port 0`) in a
// child process (it reads every run.json before it listens) and repeated GETs from this one: the first answer, then
// medians and p95 of the warm answers (each run.json only stat'ed).
// Run: npm run bench -- ui   (writes the "ui" section of docs/BENCHMARKS.md)
import { spawn } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import type { RunRecord } from "../mlops/pipeline/record.js";
import { runLocal } from "../mlops/pipeline/run-local.js";
import { leastSquares } from "../tests/mlops/fixtures/index.js";
import { fixtureProject } from "../tests/mlops/fixtures/project.js";
import { machineLine, median, writeBenchmarkSection } from "./lib/report.js";
import { benchTemp } from "./lib/temp.js";

const ROOT = join(import.meta.dirname, "..");
const RUNS = 1000;
const REQUESTS = 100;
const BUDGET_MS = 200;

const home = join(benchTemp("bench-ui"), ".mlops");
const project = fixtureProject("regression");
let seed: RunRecord;
try {
  const { record } = await runLocal({
    variables: project.variables("MODEL_NAME=bench-regressor"),
    home,
    model: leastSquares,
    env: {},
  });
  seed = record;
} finally {
  project.cleanup();
}
const seedDir = join(home, "runs", seed.run_id);
const seedJson = JSON.parse(readFileSync(join(seedDir, "run.json"), "utf8")) as RunRecord;
const t0 = Date.parse(seed.started_utc);
for (let i = 1; i < RUNS; i++) {
  const id = `${new Date(t0 - i * 60_000).toISOString().replace(/[-:]/g, "")}-${i.toString(16).padStart(6, "0")}`;
  const dir = join(home, "runs", id);
  cpSync(seedDir, dir, { recursive: true });
  const metrics = Object.fromEntries(Object.entries(seedJson.metrics ?? {}).map(([k, v]) => [k, v * (1 + i / RUNS)]));
  const started = new Date(t0 - i * 60_000).toISOString();
  writeFileSync(
    join(dir, "run.json"),
    JSON.stringify({ ...seedJson, run_id: id, started_utc: started, metrics }, null, 2),
  );
}

// The real command, as a user starts it; the URL line says it listens.
const spawned = performance.now();
const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "mlops/cli/main.ts"), "ui", "--port", "0"], {
  cwd: ROOT,
  env: { ...process.env, MLOPS_HOME: home },
  stdio: ["ignore", "ignore", "pipe"],
});
const url = await new Promise<string>((resolve, reject) => {
  let err = "";
  child.stderr.on("data", (d) => {
    err += d;
    const m = /on (http:\/\/[0-9.]+:[0-9]+) /.exec(err);
    if (m) resolve(m[1]);
  });
  child.once("exit", (code) => reject(new Error(`mlops ui exited (${code}) before listening: ${err}`)));
});

/** Wall time of one GET, the whole body read; throws on a status other than 200. */
async function timed(path: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(`${url}${path}`);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return { ms: performance.now() - start, bytes: body.length };
}

const listening = performance.now() - spawned;
try {
  // This process's first fetch() loads Node's HTTP client (undici): done on another page (a 404), so the first
  // runs page below times the server, not the client's start-up.
  await fetch(`${url}/warm-up-the-client`).then((r) => r.text());
  const first = await timed("/");
  const rows = (await (await fetch(`${url}/`)).text()).match(/<tr data-run=/g)?.length ?? 0;
  if (rows !== RUNS) throw new Error(`the runs page shows ${rows} runs, expected ${RUNS}`);
  const series = async (path: string) => {
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) times.push((await timed(path)).ms);
    return times;
  };
  const runsPage = await series("/");
  const runPage = await series(`/runs/${seed.run_id}`);
  const modelsPage = await series("/models");
  const load = loadavg()[0];
  const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1];
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const line = (name: string, v: number[]) => `| ${name} | ${ms(median(v))} | ${ms(p95(v))} | ${ms(Math.max(...v))} |`;
  const verdict = median(runsPage) <= BUDGET_MS && p95(runsPage) <= BUDGET_MS ? "met" : "NOT met";
  const table = [
    "| page | median | p95 | max |",
    "| --- | ---: | ---: | ---: |",
    line(`runs (\`/\`, ${RUNS} rows, ${(first.bytes / 1024).toFixed(0)} KiB)`, runsPage),
    line("one run (`/runs/<id>`)", runPage),
    line("models (`/models`)", modelsPage),
  ].join("\n");
  console.log(
    `listening after ${ms(listening)}; first ${ms(first.ms)}\n${table}\nbudget ${verdict}; load ${load.toFixed(2)}`,
  );
  await writeBenchmarkSection(
    "ui",
    `## mlops ui over 1,000 runs

Command: \`npm run bench -- ui\` (bench/ui.ts). Machine: ${machineLine()}; at the end ${load.toFixed(2)}.

One real run of the fixture regressor copied to ${RUNS} run folders (own ids, start times and metrics), served by the
real command (\`mlops ui --port 0\`, a child process); ${REQUESTS} sequential GETs per page from the bench process
(fetch, whole body read). The server reads every run.json and renders the runs page once before it listens
(spawn to the URL line: ${ms(listening)}); the first GET of the runs page after it listens
(after one GET of a 404 page that loads this process's HTTP client): **${ms(first.ms)}**. Then (each run.json only stat'ed, re-read when its size or mtime changes):

${table}

Budget (the runs page ≤ ${BUDGET_MS} ms once the server listens, median and p95): **${verdict}**.`,
  );
} finally {
  child.kill("SIGTERM");
}
