// Trials of the local registry: writers of one build racing (8 processes on a 60-version registry), and a writer
// killed (kill -9) at a random moment while others of the same build race it. After each, the registry must hold
// exactly one version of the build, every surviving writer (and a re-run) must report it, numbers must run
// 1..N without a gap or a reuse, and nothing a writer left behind may stay.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sha256File } from "../../mlops/fs/index.js";
import { listModels } from "../../mlops/registry/index.js";
import { trainFixture } from "../../tests/mlops/fixtures/index.js";
import { seedVersions } from "../../tests/mlops/registry/seed.js";
import type { RegisterAnswer } from "./register-worker.js";
import type { RegisterWorker } from "./workers.js";

const MODEL = "m";
const SEEDED = 60;

/**
 * A train step's output of the stress's own: the machinery's multiclass fixture model (no ONNX file: the writers
 * need not start onnxruntime), its model folder padded with `weightBytes` of extra weights so a kill can land in the
 * middle of its copy. The register step loads and checks the folder with that fixture's definition.
 */
export async function trainOutput(dir: string, weightBytes: number): Promise<string> {
  await trainFixture("multiclass", dir);
  writeFileSync(join(dir, "model", "weights.bin"), Buffer.alloc(weightBytes, 7));
  return dir;
}

/**
 * What is wrong with the registry at `home` after writers of `build` answered `answers` (undefined: the writer
 * was killed): the build's versions, the writers' versions and registration.json files, the numbering, leftovers.
 */
async function problemsOf(
  home: string,
  build: string,
  answers: readonly (RegisterAnswer | "killed")[],
  outputDirs: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  const versions = await listModels({ name: MODEL, home });
  const numbers = versions.map((v) => v.version);
  if (numbers.some((n, i) => n !== i + 1)) problems.push(`versions are not 1..${numbers.length}: ${numbers.join(",")}`);
  const ofBuild = versions.filter((v) => v.tags.BuildId === build);
  if (ofBuild.length !== 1)
    problems.push(`${ofBuild.length} versions of build ${build}: ${ofBuild.map((v) => v.version)}`);
  const version = ofBuild[0]?.version;
  for (const [i, answer] of answers.entries()) {
    if (answer === "killed") continue;
    if (!answer.ok) problems.push(`writer ${i} failed: ${answer.error}`);
    else if (answer.version !== version)
      problems.push(`writer ${i} reported version ${answer.version}, not ${version}`);
    else {
      const written = JSON.parse(readFileSync(join(outputDirs[i], "registration.json"), "utf8")).version;
      if (written !== version) problems.push(`writer ${i}'s registration.json names version ${written}`);
    }
  }
  for (const v of ofBuild) {
    for (const [file, hash] of Object.entries(v.files)) {
      if ((await sha256File(join(v.dir, file)).catch(() => "missing")) !== hash)
        problems.push(`${v.dir}/${file} is not whole`);
    }
  }
  return problems;
}

/** Leftovers a finished registration must not leave: staging folders, claim temp files. */
function leftovers(home: string): string[] {
  const folder = join(home, "registry", MODEL);
  const out = readdirSync(folder).filter((e) => e.startsWith("."));
  const builds = join(home, "registry", ".builds", MODEL);
  if (existsSync(builds)) {
    for (const dir of readdirSync(builds)) {
      out.push(...readdirSync(join(builds, dir)).filter((e) => !/^[1-9][0-9]*\.json$/.test(e)));
    }
  }
  return out.map((e) => `left behind: ${e}`);
}

/** 8 (`workers.length`) writers of one build at once on a 60-version registry, then another build. */
export async function sameBuildRace(
  workers: readonly RegisterWorker[],
  root: string,
  trial: number,
  random: () => number,
): Promise<string[]> {
  const home = join(root, `race-${trial}`);
  seedVersions(home, MODEL, SEEDED);
  const train = await trainOutput(join(home, "train"), 64 * 1024);
  const build = `race-${trial}`;
  const outs = workers.map((_, i) => join(home, "out", String(i)));
  const answers = await Promise.all(
    workers.map((w, i) =>
      w.register({
        home,
        trainDir: train,
        outputDir: outs[i],
        modelName: MODEL,
        buildId: build,
        delayMs: random() * 3,
      }),
    ),
  );
  const problems: string[] = [];
  const next = await workers[0].register({
    home,
    trainDir: train,
    outputDir: join(home, "out", "next"),
    modelName: MODEL,
    buildId: `${build}-next`,
    delayMs: 0,
  });
  if (next === "killed" || !next.ok || next.version !== SEEDED + 2) {
    problems.push(`the next build got ${JSON.stringify(next)}, not version ${SEEDED + 2}`);
  }
  return [...problems, ...(await problemsOf(home, build, answers, outs)), ...leftovers(home)];
}

/** How a killed writer's registration ended, for the summary. */
export type KillPhase = "finished first" | "held the claim" | "was waiting or not yet claiming";

/**
 * Three writers of one build (`writers[0..2]`); one of them (seeded) is killed after a random time within an
 * uninterrupted registration's duration (`durationMs`); `writers[3]` then registers the build again. Returns the
 * problems, where the kill landed and the killed worker.
 */
export async function registerKill(
  writers: readonly RegisterWorker[],
  root: string,
  trial: number,
  random: () => number,
  durationMs: number,
): Promise<{ problems: string[]; phase: KillPhase; victim: RegisterWorker }> {
  const home = join(root, `kill-${trial}`);
  seedVersions(home, MODEL, SEEDED);
  const train = await trainOutput(join(home, "train"), 8 * 2 ** 20);
  const build = `kill-${trial}`;
  const outs = [0, 1, 2, 3].map((i) => join(home, "out", String(i)));
  const request = (i: number) => ({
    home,
    trainDir: train,
    outputDir: outs[i],
    modelName: MODEL,
    buildId: build,
    delayMs: 0,
  });
  const victim = writers[Math.floor(random() * 3)];
  const running = writers.slice(0, 3).map((w, i) => w.register(request(i)));
  await sleep(random() * durationMs * 1.2);
  victim.kill();
  await victim.exited;
  // At once, before the others notice the death and supersede its claim: did it hold the build's claim?
  const held = claimOf(home, victim.pid);
  const answers = await Promise.all(running);
  const killed = answers[writers.indexOf(victim)] === "killed";
  const phase: KillPhase = !killed ? "finished first" : held ? "held the claim" : "was waiting or not yet claiming";
  const again = await writers[3].register(request(3));
  const problems = await problemsOf(home, build, [...answers, again], outs);
  if (again === "killed") problems.push("the re-run died");
  return { problems: [...problems, ...leftovers(home)], phase, victim };
}

/** Whether process `pid` held the build's claim when it died (a claim generation names it). */
function claimOf(home: string, pid: number): boolean {
  const builds = join(home, "registry", ".builds", MODEL);
  if (!existsSync(builds)) return false;
  return readdirSync(builds).some((dir) =>
    readdirSync(join(builds, dir)).some(
      (f) => f.endsWith(".json") && JSON.parse(readFileSync(join(builds, dir, f), "utf8")).pid === pid,
    ),
  );
}
