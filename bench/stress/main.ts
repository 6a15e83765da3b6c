// `npm run stress [-- --seed N] [--trials N]`: the races and kills the unit tests run once, many times over —
// seeded (the same seed gives the same trials), bounded (a fixed number of trials; about a minute and a half on 2
// cores), ending with one summary line; exit 1 when any trial fails (each failure is printed above it).
// 1. the same-build race: 8 writer processes register one build at once on a 60-version registry;
// 2. register kill -9: one of 3 writers of one build killed at a random moment, then the build registered again;
// 3. bootstrap kill -9: the real command killed at a random moment, recovered by running it again or --rollback.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../mlops/errors/index.js";
import { parseFlags, toNumber } from "../../mlops/flags/index.js";
import { bootstrapKills } from "./bootstrap-trials.js";
import { seeded } from "./random.js";
import { type KillPhase, registerKill, sameBuildRace, trainOutput } from "./registry-trials.js";
import { RegisterWorker } from "./workers.js";

const FLAGS = {
  seed: { type: "string", placeholder: "N", description: "seed of the random choices (default 1)" },
  trials: { type: "string", placeholder: "N", description: "trials of each kind (default 20)" },
} as const;

const WRITERS = 8;

/** One kind of trial: how many passed, and the line that says so. */
interface Section {
  readonly ok: number;
  readonly line: string;
}

async function main(): Promise<number> {
  const flags = parseFlags("stress", process.argv.slice(2), FLAGS, { program: "npm run stress --" });
  const seed = flags.seed === undefined ? 1 : toNumber("seed", flags.seed, { integer: true, min: 0 });
  const trials =
    flags.trials === undefined ? 20 : toNumber("trials", flags.trials, { integer: true, min: 1, max: 1000 });
  const random = seeded(seed);
  const started = performance.now();
  const root = mkdtempSync(join(tmpdir(), "mlops-stress-"));
  let failures = 0;
  const fail = (what: string, problems: readonly string[]) => {
    for (const p of problems) console.log(`FAIL ${what}: ${p}`);
    failures += problems.length;
  };
  const timed = async (run: () => Promise<Section>): Promise<Section> => {
    const t = performance.now();
    const section = await run();
    console.log(`${section.line} [${((performance.now() - t) / 1000).toFixed(1)} s]`);
    return section;
  };
  const workers = await Promise.all(Array.from({ length: WRITERS }, () => RegisterWorker.start()));
  let sections: Section[];
  try {
    sections = [
      await timed(() => race(workers, root, trials, random, fail)),
      await timed(() => kills(workers, root, trials, random, fail)),
      await timed(async () => {
        const boot = await bootstrapKills(trials, random);
        fail("bootstrap", boot.failures);
        const landed = Object.entries(boot.phases).map(([p, n]) => `${n} ${p}`);
        const ok = trials - boot.failures.length;
        const line =
          `bootstrap kill -9: ${ok}/${trials} trials ok (killed ${landed.join(", ")}; recovered ` +
          `${boot.recovered.completed} by the same command, ${boot.recovered.rolledBack} by --rollback)`;
        return { ok, line };
      }),
    ];
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    rmSync(root, { recursive: true, force: true });
  }
  const [r, k, b] = sections.map((x) => `${x.ok}/${trials}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `stress (seed ${seed}): same-build race ${r}, register kill -9 ${k}, bootstrap kill -9 ${b}; ` +
      `${failures} failures; ${seconds} s`,
  );
  return failures === 0 ? 0 : 1;
}

type Fail = (what: string, problems: readonly string[]) => void;

/** The same-build race, `trials` times. */
async function race(workers: RegisterWorker[], root: string, trials: number, random: () => number, fail: Fail) {
  let ok = 0;
  for (let t = 0; t < trials; t++) {
    const problems = await sameBuildRace(workers, root, t, random);
    fail(`same-build race ${t}`, problems);
    if (problems.length === 0) ok++;
  }
  return { ok, line: `same-build race: ${ok}/${trials} trials ok (${WRITERS} writer processes, 60 versions)` };
}

/** Register kill -9, `trials` times; killed workers are replaced in `workers`. */
async function kills(workers: RegisterWorker[], root: string, trials: number, random: () => number, fail: Fail) {
  const durationMs = await registrationMs(workers[0], root);
  const phases = new Map<KillPhase, number>();
  let ok = 0;
  // Each trial takes 4 ready workers; a killed one's replacement starts meanwhile and joins when ready.
  const ready = [...workers];
  const starting: Promise<RegisterWorker>[] = [];
  for (let t = 0; t < trials; t++) {
    while (ready.length < 4) ready.push(await (starting.shift() as Promise<RegisterWorker>));
    const writers = ready.splice(0, 4);
    const { problems, phase, victim } = await registerKill(writers, root, t, random, durationMs);
    ready.push(...writers.filter((w) => w !== victim));
    starting.push(RegisterWorker.start());
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
    fail(`register kill ${t}`, problems);
    if (problems.length === 0) ok++;
  }
  workers.splice(0, workers.length, ...ready, ...(await Promise.all(starting)));
  const landed = [...phases].map(([p, n]) => `${n} ${p}`).join(", ");
  const line = `register kill -9: ${ok}/${trials} trials ok (a registration takes ${durationMs.toFixed(0)} ms; the killed writer: ${landed})`;
  return { ok, line };
}

/** How long one uninterrupted registration of the kill trials' model takes (the median of 3): kills land within. */
async function registrationMs(worker: RegisterWorker, root: string): Promise<number> {
  const train = await trainOutput(join(root, "timing-train"), 8 * 2 ** 20);
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const home = join(root, `timing-${i}`);
    await worker.register({
      home,
      trainDir: train,
      outputDir: join(home, "out"),
      modelName: "m",
      buildId: "t",
      delayMs: 0,
    });
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1];
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`stress: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
