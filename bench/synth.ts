// `npm run synth` against its peers, measured in the same run (wall time and peak RSS from /usr/bin/time):
//   - the same runner with the provider barrel (`@cdktf/provider-azurerm`) loaded first: what the app would cost
//     if it imported the barrel instead of deep paths;
//   - the app compiled by tsx on every start (what `npm run synth` was before the cached bundle);
//   - the cdktf CLI (`cdktf synth`, once: it takes seconds), whose output must be byte-identical.
// Budget: ≤ 1.5 s wall and ≤ 150 MB peak for `npm run synth`.
// Run: npm run bench -- synth   (writes the "synth" section of docs/BENCHMARKS.md)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { machineLine, median, writeBenchmarkSection } from "./lib/report.js";
import { benchTemp } from "./lib/temp.js";

const ROOT = join(import.meta.dirname, "..");
const RUNS = 7;
const BUDGET = { seconds: 1.5, mb: 150 };
const temp = benchTemp("bench-synth");

interface Sample {
  readonly seconds: number;
  readonly cpu: number;
  readonly mb: number;
}

/** One run under /usr/bin/time: wall and CPU seconds (user + system, all processes) and peak RSS of the largest. */
function timed(command: string, args: readonly string[], outdir: string): Sample {
  const report = join(temp, "time.txt");
  execFileSync("/usr/bin/time", ["-f", "%e %U %S %M", "-o", report, command, ...args], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const [seconds, user, system, kb] = readFileSync(report, "utf8").trim().split(/\s+/).slice(-4).map(Number);
  return { seconds, cpu: user + system, mb: kb / 1024 };
}

function measure(label: string, command: string, args: readonly string[], runs = RUNS) {
  const outdir = join(temp, label.replace(/\W+/g, "-"));
  timed(command, args, outdir); // warm-up (fills the bundle cache, the OS file cache)
  const samples = Array.from({ length: runs }, () => timed(command, args, outdir));
  console.log(`synth: ${label}: ${median(samples.map((s) => s.seconds)).toFixed(3)} s`);
  return {
    label,
    outdir,
    seconds: median(samples.map((s) => s.seconds)),
    cpu: median(samples.map((s) => s.cpu)),
    mb: Math.max(...samples.map((s) => s.mb)),
  };
}

const same = (a: string, b: string) =>
  ["dev", "prod"].every(
    (s) =>
      readFileSync(join(a, "stacks", s, "cdk.tf.json"), "utf8") ===
      readFileSync(join(b, "stacks", s, "cdk.tf.json"), "utf8"),
  );

const npm = measure("`npm run synth` (cached esbuild bundle)", "npm", ["run", "-s", "synth"]);
const barrel = measure("same, provider barrel imported first", process.execPath, [
  "--import",
  "@cdktf/provider-azurerm",
  "stacks/synth.mjs",
]);
const tsx = measure("`node --import tsx stacks/main.ts` (compiled per start)", process.execPath, [
  "--import",
  "tsx",
  "stacks/main.ts",
]);
const direct = measure("`node stacks/synth.mjs` (the same, without npm)", process.execPath, ["stacks/synth.mjs"]);
const floor = measure("floor: `node -e 0`", process.execPath, ["-e", "0"]);
const cli = measure(
  "`cdktf synth` (the CLI, runs the app through tsx)",
  "npx",
  ["--no", "cdktf", "synth", "--output", join(temp, "cli")],
  1,
);
const cliOut = join(temp, "cli");
const identical = [cliOut, direct.outdir, barrel.outdir, tsx.outdir].every((dir) => same(npm.outdir, dir));

const row = (m: typeof npm) =>
  `| ${m.label} | ${m.seconds.toFixed(3)} s | ${m.cpu.toFixed(3)} s | ${m.mb.toFixed(0)} MB | ${(m.seconds / npm.seconds).toFixed(2)}× | ${(m.mb / npm.mb).toFixed(2)}× |`;
const met = npm.seconds <= BUDGET.seconds && npm.mb <= BUDGET.mb;
await writeBenchmarkSection(
  "synth",
  `## \`npm run synth\`: both stacks to cdk.tf.json

Command: \`npm run bench -- synth\` (bench/synth.ts). Machine: ${machineLine()}.

| measurement (median of ${RUNS} after a warm-up; CLI: 1 run) | wall | CPU | peak RSS | wall vs npm run synth | RSS vs npm run synth |
| --- | ---: | ---: | ---: | ---: | ---: |
${[npm, direct, barrel, tsx, cli, floor].map(row).join("\n")}

- Budget: ≤ ${BUDGET.seconds} s wall and ≤ ${BUDGET.mb} MB peak → ${met ? "met" : "**not met**"} (${npm.seconds.toFixed(3)} s, ${npm.mb.toFixed(0)} MB).
- Every variant wrote byte-identical \`cdk.tf.json\` for dev and prod: ${identical ? "yes" : "**no**"}.
- CPU is user + system time of the whole process tree: less disturbed than wall time when the cores are shared;
  on idle cores wall time approaches it (this run: ${npm.cpu.toFixed(3)} s CPU for \`npm run synth\`).
- Peak RSS is the largest single process /usr/bin/time saw (for \`npm\`/\`npx\`, the biggest of npm and node).
- \`npm run synth\` runs stacks/main.ts from one esbuild bundle of the app and its packages (cdktf, the deep-imported
  provider modules), cached in node_modules/.cache/mlops-synth under a hash of our sources and npm's lockfiles; a
  changed input rebuilds it once (about a second more on that run).`,
);
console.log(`synth: budget ${met ? "met" : "not met"}; outputs identical: ${identical}`);
