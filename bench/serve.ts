// The scoring server against the Flask peer (bench/peer-flask: Flask + gunicorn, 2 workers) and the
// ceiling (a bare node:http server answering the exact bytes ours answers, with as many workers as ours), in one run,
// one wrk command, loopback only. Goals: ≥ 10× the peer's req/s (1-row and 100-row bodies), p99 ≤ 5 ms at 32
// connections, ≥ 80 % of the ceiling, zero non-2xx. The peer's script sends one body again and again; a third load
// sends 1,000 different 100-row bodies in turn, as real traffic does. Then batch scoring of a large generated CSV.
// Run: npm run bench -- serve   (writes the "serve" section of docs/BENCHMARKS.md)
// Env: BENCH_SECONDS (per wrk run, default 10), BENCH_ROUNDS (default 3), BENCH_BATCH_MB (default 1024).
// A/B against older code: BENCH_BASELINE=<another checkout, with node_modules> and BENCH_BASELINE_MODEL=<a model
// folder that checkout's `mlops train` wrote> add "ours (baseline)" rows, 1 worker, interleaved with ours.
import { execFileSync } from "node:child_process";
import { createWriteStream, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { trainProjectModel } from "./lib/project-model.js";
import { machineLine, median, writeBenchmarkSection } from "./lib/report.js";
import { costLines } from "./lib/serve-costs.js";
import { CLI, ceiling, ours, PEER, peer, post, ROOT, type Server, workersLabel } from "./lib/serve-servers.js";
import { benchTemp } from "./lib/temp.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH_MB = Number(process.env.BENCH_BATCH_MB ?? 1024);
const WRK = ["-t2", "-c32", `-d${SECONDS}s`, "--latency"];
const temp = benchTemp("bench-serve");

/** What wrk sends: a Lua script, its environment, and one of its bodies (for the ceiling's answer). */
interface Load {
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  readonly sample: Buffer;
}
const fixed = (file: string): Load => ({
  script: join(PEER, "post.lua"),
  env: { WRK_BODY: file },
  sample: readFileSync(file),
});
const BODY_100 = join(PEER, "body_100.json");

/** 1,000 bodies of 100 rows of 17-digit decimals like the peer's body_100.json (fixed seed), one per line. */
function variedLoad(width: number): Load {
  let seed = 20261122;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const row = () => Array.from({ length: width }, () => random() * 0.2 - 0.1).join(",");
  const bodies = Array.from({ length: 1000 }, () => `{"data":[${Array.from({ length: 100 }, () => `[${row()}]`)}]}`);
  const file = join(temp, "varied.jsonl");
  writeFileSync(file, `${bodies.join("\n")}\n`);
  return { script: join(ROOT, "bench/lib/varied.lua"), env: { WRK_BODIES: file }, sample: Buffer.from(bodies[0]) };
}

interface Run {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx answers plus connect/read/timeout errors. */
  readonly bad: number;
  /** Lowest–highest req/s and p99 over the rounds (medians above): how much one run can be trusted. */
  readonly spread?: string;
}
const span = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
function wrk(url: string, load: Load): Run {
  const out = execFileSync("wrk", [...WRK, "-s", load.script, `${url}/score`], {
    env: { ...process.env, ...load.env },
    encoding: "utf8",
  });
  const f = (name: string) => Number(new RegExp(`${name}=([\\d.]+)`).exec(out)?.[1]);
  const bad = f("errors_status") + f("errors_connect") + f("errors_read") + f("errors_timeout");
  return { rps: f("rps"), p50: f("lat_p50_us") / 1000, p99: f("lat_p99_us") / 1000, bad };
}

/** Servers under one load. */
interface Part {
  readonly load: Load;
  readonly servers: readonly Server[];
}

/** Median of ROUNDS wrk runs per (server, load); servers interleaved so drifting load hits them alike. */
function measure(plan: Readonly<Record<string, Part>>): Map<string, Run> {
  const runs = new Map<string, Run[]>();
  for (const { load, servers } of Object.values(plan)) for (const s of servers) wrk(s.url, load); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [label, { load, servers }] of Object.entries(plan)) {
      for (const server of servers) {
        const run = wrk(server.url, load);
        const key = `${server.name}|${label}`;
        runs.set(key, [...(runs.get(key) ?? []), run]);
        console.log(`serve: round ${round}: ${key}: ${run.rps.toFixed(0)} req/s, p99 ${run.p99.toFixed(2)} ms`);
      }
    }
  }
  const pick = (list: Run[], f: (r: Run) => number) => median(list.map(f));
  return new Map(
    [...runs].map(([key, list]) => [
      key,
      {
        rps: pick(list, (r) => r.rps),
        p50: pick(list, (r) => r.p50),
        p99: pick(list, (r) => r.p99),
        bad: list.reduce((s, r) => s + r.bad, 0),
        spread: `${span(
          list.map((r) => r.rps),
          0,
        )} req/s, p99 ${span(
          list.map((r) => r.p99),
          2,
        )} ms`,
      },
    ]),
  );
}

function table(results: Map<string, Run>, labels: readonly string[]): string[] {
  const rows = [
    "| server | body | req/s | p50 | p99 | non-2xx | vs peer | vs ceiling | rounds: lowest–highest |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  const goals: string[] = [];
  const met = (ok: boolean) => (ok ? "met" : "**not met**");
  for (const [key, r] of results) {
    const [name, label] = key.split("|");
    const peerRun = results.get(`Flask peer, 2 workers|${label}`) as Run;
    const top = results.get(`${name.replace("ours", "ceiling")}|${label}`);
    const vsCeiling = name.startsWith("ours") && top ? `${((100 * r.rps) / top.rps).toFixed(0)} %` : "";
    rows.push(
      `| ${name} | ${label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${r.bad} | ${(r.rps / peerRun.rps).toFixed(1)}× | ${vsCeiling} | ${r.spread} |`,
    );
    if (name.startsWith("ours") && top) {
      goals.push(
        `- ${name}, ${label}: ≥ 10× peer ${met(r.rps >= 10 * peerRun.rps)}; p99 ≤ 5 ms ${met(r.p99 <= 5)}; ≥ 80 % of the ceiling ${met(r.rps >= 0.8 * top.rps)}; zero non-2xx ${met(r.bad === 0)}.`,
      );
    }
  }
  for (const label of labels) {
    const peerRps = (results.get(`Flask peer, 2 workers|${label}`) as Run).rps;
    const top = [1, 2].map((n) =>
      ((results.get(`ceiling, ${workersLabel(n)}|${label}`) as Run).rps / peerRps).toFixed(1),
    );
    goals.push(
      `- Bound, ${label}: the ceiling itself is ${top[0]}× (1 worker) and ${top[1]}× (2 workers) the peer in this run.`,
    );
  }
  return [...rows, "", ...goals];
}

/** `mlops score` on a generated CSV of about BATCH_MB (1,000 distinct rows repeated): time and peak RSS. */
async function batch(modelDir: string, columns: readonly string[]): Promise<string> {
  const input = join(temp, "big.csv");
  const rows = Array.from({ length: 1000 }, (_, i) =>
    Array.from({ length: columns.length }, (_, j) => Math.sin(i * 10 + j) / 10).join(","),
  );
  const block = `${rows.join("\n")}\n`;
  const out = createWriteStream(input);
  out.write(`${columns.join(",")}\n`);
  let count = 0;
  for (; count * block.length < BATCH_MB * 2 ** 20; count++) {
    if (!out.write(block)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  const bytes = statSync(input).size;
  const report = join(temp, "time.txt");
  const cli = [...CLI, "score", "--model", modelDir, "--input", input, "--output", join(temp, "out.csv")];
  execFileSync("/usr/bin/time", ["-f", "%e %M", "-o", report, process.execPath, ...cli], {
    cwd: ROOT,
    stdio: "ignore",
  });
  const [seconds, kb] = readFileSync(report, "utf8").trim().split(/\s+/).slice(-2).map(Number);
  rmSync(input);
  const n = count * 1000;
  return `- Batch scoring, \`mlops score\` on a generated ${(bytes / 2 ** 30).toFixed(2)} GiB CSV (${(n / 1e6).toFixed(2)} M rows): ${seconds.toFixed(1)} s (${(n / seconds / 1000).toFixed(0)} k rows/s), peak RSS ${(kb / 1024).toFixed(0)} MB. It streams in 4,096-row batches: memory does not grow with the file.`;
}

/** The command as run: the environment that changed what was measured, then npm run bench -- serve. */
function commandLine(): string {
  const keys = ["BENCH_SECONDS", "BENCH_ROUNDS", "BENCH_BATCH_MB"].filter((k) => process.env[k] !== undefined);
  const env = keys.map((k) => `${k}=${process.env[k]}`);
  if (baselineCommit) env.push(`BENCH_BASELINE=<a checkout of ${baselineCommit}>`, "BENCH_BASELINE_MODEL=<its model>");
  return [...env, "npm run bench -- serve"].join(" ");
}

/** Ours against the baseline, per load both ran. */
function abLines(results: Map<string, Run>, labels: readonly string[]): string[] {
  if (!baselineCommit) return [];
  return labels.flatMap((label) => {
    const a = results.get(`ours, 1 worker|${label}`);
    const b = results.get(`ours (baseline), 1 worker|${label}`);
    if (!a || !b) return [];
    const pct = ((100 * (a.rps - b.rps)) / b.rps).toFixed(1);
    return [
      `- A/B, ${label}, 1 worker: this code ${a.rps.toFixed(0)} req/s vs the code at ${baselineCommit} ${b.rps.toFixed(0)} req/s (${pct} %; rounds ${a.spread} vs ${b.spread}), the same answers byte for byte.`,
    ];
  });
}

/** The older code's server (BENCH_BASELINE), after checking it answers the 100-row body as ours does. */
async function baselineServer(): Promise<Server | undefined> {
  const root = process.env.BENCH_BASELINE;
  const model = process.env.BENCH_BASELINE_MODEL;
  if (!root && !model) return undefined;
  if (!root || !model)
    throw new Error("set both BENCH_BASELINE (a checkout) and BENCH_BASELINE_MODEL (its model folder)");
  const server = await ours(temp, model, 1, root, " (baseline)");
  const commit = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  console.log(`serve: baseline ${root} at ${commit}`);
  baselineCommit = commit;
  return server;
}
let baselineCommit: string | undefined;

async function main(): Promise<void> {
  // The project's model, trained as `npm start` trains it (the template's knobs); the peer trains the same sample
  // model with scikit-learn, and the smoke payload's answers must agree.
  const { modelDir, columns } = await trainProjectModel(join(temp, "train"));

  const servers: Server[] = [];
  const plan: Record<string, Part> = {};
  let results: Map<string, Run>;
  try {
    const p = await peer(temp);
    servers.push(p);
    const one = await ours(temp, modelDir, 1);
    const two = await ours(temp, modelDir, 2);
    servers.push(one, two);
    const baseline = await baselineServer();
    if (baseline) {
      servers.push(baseline);
      const body = readFileSync(BODY_100);
      if ((await post(baseline.url, body)) !== (await post(one.url, body)))
        throw new Error("the baseline's answer to body_100.json differs from ours: not the same model");
    }
    const smoke = readFileSync(join(PEER, "body_smoke.json"));
    const [a, b] = [JSON.parse(await post(one.url, smoke)).result, JSON.parse(await post(p.url, smoke)).result];
    if (a.some((v: number, i: number) => !(Math.abs(v - b[i]) <= 1e-9 * Math.abs(b[i]))))
      throw new Error(`ours ${a} ≠ peer ${b}`);
    const loads = {
      "1 row": fixed(join(PEER, "body_1.json")),
      "100 rows": fixed(BODY_100),
      "100 rows, varied": variedLoad(columns.length),
    };
    for (const [label, load] of Object.entries(loads)) {
      const answer = await post(one.url, load.sample);
      const ceilings = [await ceiling(temp, answer, 1), await ceiling(temp, answer, 2)];
      servers.push(...ceilings);
      const ab = baseline && label !== "1 row" ? [baseline] : [];
      plan[label] = { load, servers: [p, one, ...ab, ceilings[0], two, ceilings[1]] };
    }
    results = measure(plan);
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
  const batchLine = await batch(modelDir, columns);
  const markdown = [
    "## Scoring server: ours vs the Flask peer vs a bare node:http ceiling",
    "",
    `Command: \`${commandLine()}\` (bench/serve.ts): \`wrk ${WRK.join(" ")}\` with peer-flask/post.lua (one body again and again) or bench/lib/varied.lua (1,000 different 100-row bodies in turn), median of ${ROUNDS} interleaved rounds, loopback only, every server stopped by pid. Machine: ${machineLine()}.`,
    "",
    ...table(results, Object.keys(plan)),
    ...abLines(results, Object.keys(plan)),
    ...(await costLines(modelDir, BODY_100)),
    batchLine,
    "- Same answers: our server and the peer agree on the smoke payload within 1e-9 (checked before the load runs).",
    "- The ceiling reads each request and answers the exact bytes our server answers for that body (for the varied load: for its first body), with the same number of workers (node:cluster) as the row above it. Our server writes its JSON request log to a file during the runs.",
    "- wrk and the servers share the two cores, so wrk's own CPU caps every row (the ceiling too); the load average above says how busy the machine was.",
  ].join("\n");
  await writeBenchmarkSection("serve", markdown);
  console.log(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
