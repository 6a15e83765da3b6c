// The scoring server against the Flask peer (../shared/reference/peer-flask: Flask + gunicorn, 2 workers) and the
// ceiling (a bare node:http server answering the exact bytes ours answers, with as many workers as ours), in one run,
// one wrk command, loopback only. Goals: ≥ 10× the peer's req/s (1-row and 100-row bodies), p99 ≤ 5 ms at 32
// connections, ≥ 80 % of the ceiling, zero non-2xx. Then batch scoring of a large generated CSV (time, peak RSS).
// Run: npm run bench -- serve   (writes the "serve" section of docs/BENCHMARKS.md)
// Env: BENCH_SECONDS (per wrk run, default 10), BENCH_ROUNDS (default 3), BENCH_BATCH_MB (default 1024).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { saveModel } from "../mlops/model-format/index.js";
import { machineLine, median, writeBenchmarkSection } from "./lib/report.js";
import { costLines } from "./lib/serve-costs.js";
import { benchTemp } from "./lib/temp.js";

const ROOT = join(import.meta.dirname, "..");
const PEER = join(ROOT, "../shared/reference/peer-flask");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH_MB = Number(process.env.BENCH_BATCH_MB ?? 1024);
const WRK = ["-t2", "-c32", `-d${SECONDS}s`, "--latency", "-s", join(PEER, "post.lua")];
const BODIES = { "1 row": join(PEER, "body_1.json"), "100 rows": join(PEER, "body_100.json") };
const CLI = ["--import", "tsx", "mlops/cli/main.ts"];
const temp = benchTemp("bench-serve");

interface Run {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Non-2xx answers plus connect/read/timeout errors. */
  readonly bad: number;
}
interface Server {
  readonly name: string;
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

const isUp = (url: string) =>
  fetch(url)
    .then((r) => r.ok)
    .catch(() => false);

async function waitUp(url: string): Promise<void> {
  for (let i = 0; i < 300 && !(await isUp(url)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await isUp(url))) throw new Error(`${url} did not come up`);
}

const JSON_POST = { method: "POST", headers: { "Content-Type": "application/json" } };
const post = async (url: string, file: string) =>
  (await fetch(`${url}/score`, { ...JSON_POST, body: readFileSync(file) })).text();

function wrk(url: string, body: string): Run {
  const out = execFileSync("wrk", [...WRK, `${url}/score`], {
    env: { ...process.env, WRK_BODY: body },
    encoding: "utf8",
  });
  const f = (name: string) => Number(new RegExp(`${name}=([\\d.]+)`).exec(out)?.[1]);
  const bad = f("errors_status") + f("errors_connect") + f("errors_read") + f("errors_timeout");
  return { rps: f("rps"), p50: f("lat_p50_us") / 1000, p99: f("lat_p99_us") / 1000, bad };
}

/** A child process stopped by its pid (SIGTERM; it stops its own workers). */
async function started(name: string, child: ChildProcess, url: string): Promise<Server> {
  await waitUp(url);
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(child.pid as number, "SIGTERM");
    await exited;
  };
  return { name, url, stop };
}

const workersLabel = (n: number) => `${n} worker${n > 1 ? "s" : ""}`;

async function ours(modelDir: string, workers: number): Promise<Server> {
  const port = await freePort();
  const args = [...CLI, "serve", "--model", modelDir, "--port", `${port}`, "--workers", `${workers}`];
  // The request log goes to a file, as it would to a log collector: it is part of the cost measured.
  const log = createWriteStream(join(temp, `serve-${workers}.log`));
  await new Promise((r) => log.once("open", r));
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", log, "inherit"] });
  return started(`ours, ${workersLabel(workers)}`, child, `http://127.0.0.1:${port}`);
}

const CEILING = `import cluster from "node:cluster"; import { createServer } from "node:http"; import { readFileSync } from "node:fs";
const [port, workers, file] = process.argv.slice(2);
if (cluster.isPrimary && Number(workers) > 1) {
  for (let i = 0; i < Number(workers); i++) cluster.fork();
  process.once("SIGTERM", () => { for (const w of Object.values(cluster.workers)) w.process.kill("SIGTERM"); });
} else {
  const body = readFileSync(file);
  const server = createServer((req, res) => { req.resume(); req.on("end", () => res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length }).end(body)); });
  server.listen(Number(port), "127.0.0.1");
  process.once("SIGTERM", () => { server.close(); server.closeAllConnections(); cluster.worker?.disconnect(); });
}`;

async function ceiling(answer: string, workers: number): Promise<Server> {
  const port = await freePort();
  const script = join(temp, "ceiling.mjs");
  const file = join(temp, `answer-${port}.json`);
  writeFileSync(script, CEILING);
  writeFileSync(file, answer);
  const child = spawn(process.execPath, [script, `${port}`, `${workers}`, file], { stdio: "inherit" });
  return started(`ceiling, ${workersLabel(workers)}`, child, `http://127.0.0.1:${port}`);
}

async function peer(): Promise<Server> {
  const port = await freePort();
  const pidFile = join(temp, "peer.pid");
  const flags = ["-w", "2", "-b", `127.0.0.1:${port}`, "--chdir", PEER, "--pid", pidFile, "--daemon"];
  execFileSync("/usr/bin/gunicorn", [...flags, "score_app:app"]);
  const url = `http://127.0.0.1:${port}`;
  await waitUp(url);
  const stop = async () => {
    const pid = Number(readFileSync(pidFile, "utf8"));
    process.kill(pid, "SIGTERM"); // gunicorn's master, by pid; it stops its workers
    for (let i = 0; i < 100 && existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
  };
  return { name: "Flask peer, 2 workers", url, stop };
}

/** Median of ROUNDS wrk runs per (server, body); servers interleaved so drifting load hits them alike. */
function measure(plan: Readonly<Record<string, readonly Server[]>>): Map<string, Run> {
  const runs = new Map<string, Run[]>();
  const body = (label: string) => BODIES[label as keyof typeof BODIES];
  for (const [label, servers] of Object.entries(plan)) for (const s of servers) wrk(s.url, body(label)); // warm-up
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [label, servers] of Object.entries(plan)) {
      for (const server of servers) {
        const run = wrk(server.url, body(label));
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
      },
    ]),
  );
}

function table(results: Map<string, Run>): string[] {
  const rows = [
    "| server | body | req/s | p50 | p99 | non-2xx | vs peer | vs ceiling |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const goals: string[] = [];
  const met = (ok: boolean) => (ok ? "met" : "**not met**");
  for (const [key, r] of results) {
    const [name, label] = key.split("|");
    const peerRun = results.get(`Flask peer, 2 workers|${label}`) as Run;
    const top = results.get(`${name.replace("ours", "ceiling")}|${label}`);
    const vsCeiling = name.startsWith("ours") && top ? `${((100 * r.rps) / top.rps).toFixed(0)} %` : "";
    rows.push(
      `| ${name} | ${label} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${r.bad} | ${(r.rps / peerRun.rps).toFixed(1)}× | ${vsCeiling} |`,
    );
    if (name.startsWith("ours") && top) {
      goals.push(
        `- ${name}, ${label}: ≥ 10× peer ${met(r.rps >= 10 * peerRun.rps)}; p99 ≤ 5 ms ${met(r.p99 <= 5)}; ≥ 80 % of the ceiling ${met(r.rps >= 0.8 * top.rps)}; zero non-2xx ${met(r.bad === 0)}.`,
      );
    }
  }
  for (const label of Object.keys(BODIES)) {
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
async function batch(modelDir: string): Promise<string> {
  const input = join(temp, "big.csv");
  const rows = Array.from({ length: 1000 }, (_, i) =>
    Array.from({ length: 10 }, (_, j) => Math.sin(i * 10 + j) / 10).join(","),
  );
  const block = `${rows.join("\n")}\n`;
  const out = createWriteStream(input);
  out.write("AGE,SEX,BMI,BP,S1,S2,S3,S4,S5,S6\n");
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

async function main(): Promise<void> {
  const expected = JSON.parse(readFileSync(join(ROOT, "../shared/reference/sklearn/expected.json"), "utf8"));
  const seed = expected.cases.find((c: { model: string; alpha: number }) => c.model === "ridge" && c.alpha === 0.5);
  const modelDir = join(temp, "model");
  const featureNames = ["AGE", "SEX", "BMI", "BP", "S1", "S2", "S3", "S4", "S5", "S6"];
  const model = {
    type: "ridge",
    alpha: 0.5,
    featureNames,
    target: "Y",
    coefficients: seed.coef,
    intercept: seed.intercept,
  } as const;
  await saveModel(modelDir, model, { runId: "bench", inputExample: expected.smoke_input });

  const servers: Server[] = [];
  let results: Map<string, Run>;
  try {
    const p = await peer();
    servers.push(p);
    const one = await ours(modelDir, 1);
    const two = await ours(modelDir, 2);
    servers.push(one, two);
    const smoke = join(PEER, "body_smoke.json");
    const [a, b] = [JSON.parse(await post(one.url, smoke)).result, JSON.parse(await post(p.url, smoke)).result];
    if (a.some((v: number, i: number) => !(Math.abs(v - b[i]) <= 1e-9 * Math.abs(b[i]))))
      throw new Error(`ours ${a} ≠ peer ${b}`);
    const plan: Record<string, Server[]> = {};
    for (const [label, body] of Object.entries(BODIES)) {
      const answer = await post(one.url, body);
      const ceilings = [await ceiling(answer, 1), await ceiling(answer, 2)];
      servers.push(...ceilings);
      plan[label] = [p, one, ceilings[0], two, ceilings[1]];
    }
    results = measure(plan);
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
  const batchLine = await batch(modelDir);
  const markdown = [
    "## Scoring server: ours vs the Flask peer vs a bare node:http ceiling",
    "",
    `Command: \`npm run bench -- serve\` (bench/serve.ts): \`wrk ${WRK.slice(0, 4).join(" ")}\` with peer-flask/post.lua, median of ${ROUNDS} interleaved rounds, loopback only, every server stopped by pid. Machine: ${machineLine()}.`,
    "",
    ...table(results),
    ...(await costLines(modelDir, BODIES["100 rows"])),
    batchLine,
    "- Same answers: our server and the peer agree on the smoke payload within 1e-9 (checked before the load runs).",
    "- The ceiling reads each request and answers the exact bytes our server answers for that body, with the same number of workers (node:cluster) as the row above it. Our server writes its JSON request log to a file during the runs.",
    "- wrk and the servers share the two cores, so wrk's own CPU caps every row (the ceiling too); the load average above says how busy the machine was.",
  ].join("\n");
  await writeBenchmarkSection("serve", markdown);
  console.log(markdown);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
