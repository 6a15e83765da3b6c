// What a chart costs: loading the renderer (vega, vega-lite, resvg's WebAssembly, the fonts) once per process, then
// each default chart's PNG the first time in a process and warm, measured in fresh child processes.
// Run: npm run bench -- charts   (writes the "charts" section of docs/BENCHMARKS.md)
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { machineLine, median, writeBenchmarkSection } from "./lib/report.js";

const ROOT = join(import.meta.dirname, "..");
const PROCESSES = 5;
const WARM = 5;

// The child: synthetic test rows the size of the sample's (89) and a binary classifier's (100), every default chart.
const CHILD = `
const t0 = performance.now();
const charts = await import("./mlops/charts/index.ts");
const { decodePng } = await import("./tests/mlops/charts/decode-png.ts");
const n = 89;
const actual = Float64Array.from({ length: n }, (_, i) => 50 + ((i * 37) % 250));
const values = actual.map((v, i) => v * 0.6 + 60 + Math.sin(i) * 40);
const k = 100;
const probabilities = new Float64Array(2 * k);
const labels = Float64Array.from({ length: k }, (_, i) => i % 2);
for (let i = 0; i < k; i++) { const p = 1 / (1 + Math.exp(-(labels[i] - 0.5) * 3 - Math.sin(i * 1.7) * 2)); probabilities[2 * i] = 1 - p; probabilities[2 * i + 1] = p; }
const words = { target: "y", model: "model (k 1)" };
const specs = { ...charts.taskCharts("regression", actual, { values }, words),
  ...charts.taskCharts("binary", labels, { classes: [0, 1], probabilities }, words) };
const t1 = performance.now();
await charts.svgToPng('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'); // load only
const out = { import: t1 - t0, load: performance.now() - t1, first: {}, warm: {}, bytes: {}, size: {} };
for (const [name, spec] of Object.entries(specs)) {
  const t = performance.now(); const png = await charts.renderPng(spec); out.first[name] = performance.now() - t;
  out.bytes[name] = png.length; const d = decodePng(png); out.size[name] = d.width + "×" + d.height;
}
for (const [name, spec] of Object.entries(specs)) {
  const times = [];
  for (let r = 0; r < ${WARM}; r++) { const t = performance.now(); await charts.renderPng(spec); times.push(performance.now() - t); }
  out.warm[name] = times.sort((a, b) => a - b)[${WARM >> 1}];
}
console.log(JSON.stringify(out));
`;

interface Sample {
  import: number;
  load: number;
  first: Record<string, number>;
  warm: Record<string, number>;
  bytes: Record<string, number>;
  size: Record<string, string>;
}

const samples: Sample[] = [];
for (let i = 0; i < PROCESSES + 1; i++) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", CHILD], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`chart child failed (${r.status}): ${r.stderr}`);
  if (i > 0) samples.push(JSON.parse(r.stdout.trim().split("\n").at(-1) as string)); // the first warms caches
}
const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
const names = Object.keys(samples[0].first);
const rows = names.map(
  (name) =>
    `| \`${name}.png\` | ${samples[0].size[name]} | ${samples[0].bytes[name].toLocaleString("en")} B | ${ms(samples.map((s) => s.first[name]))} | ${ms(samples.map((s) => s.warm[name]))} |`,
);
const load = ms(samples.map((s) => s.load));
const imp = ms(samples.map((s) => s.import));
console.log(`import ${imp}, load ${load}`);
for (const row of rows) console.log(row);
await writeBenchmarkSection(
  "charts",
  `## Charts: the PNG of each default chart

Command: \`npm run bench -- charts\` (bench/charts.ts). Machine: ${machineLine()}.

In ${PROCESSES} fresh processes (\`node --import tsx\`, after one warm-up process), medians: importing mlops/charts
${imp} (vega and vega-lite load lazily, on the first chart); loading the renderer (vega, vega-lite, resvg's
WebAssembly, the fonts) ${load}; then each chart of synthetic test rows (89 regression rows, 100 binary rows) in
that order — the first time in the process (V8 still runs resvg's WebAssembly on its baseline compiler) and warm
(median of ${WARM}).

| chart | pixels | PNG | first in the process | warm |
| --- | --- | ---: | ---: | ---: |
${rows.join("\n")}`,
);
