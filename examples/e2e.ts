// End-to-end check of an example model (a CI stage of its own; too slow for the vitest suite): copies this
// repository, swaps the example into the copy's model folders (examples/swap/plan.ts), installs its dependencies
// with npm, and runs what a user runs, timing each stage: lint, typecheck, the whole suite, `npm start` twice (the
// second verdict a real comparison), serve + POST of the smoke rows, score on a CSV, the Azure ML dry run, the
// deploy dry run and synth. It fails when the copy's changes reach past the model's folders, knobs and dependencies.
// Usage: npm run example:e2e -- <example> [--keep]
import { spawnSync } from "node:child_process";
import { readFileSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { copyRepo, gitIn, removeCopy } from "../bootstrap/copy-repo.js";
import { exampleNames, templateFile } from "./swap/plan.js";
import { type Context, STAGES } from "./swap/stages.js";

const ROOT = join(import.meta.dirname, "..");
const { values, positionals } = parseArgs({ options: { keep: { type: "boolean" } }, allowPositionals: true });

/** The environment of the copy's commands: this one without the variables template's knobs (they would override). */
function cleanEnv(): NodeJS.ProcessEnv {
  const template = readFileSync(join(ROOT, templateFile(ROOT)), "utf8");
  const knobs = new Set([...template.matchAll(/- name: ([A-Z0-9_]+)/g)].map((m) => m[1]));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !knobs.has(k) && !k.startsWith("TRAIN_")));
  delete env.MLOPS_HOME;
  return { ...env, NO_COLOR: "1", CHECKPOINT_DISABLE: "1" };
}

async function main(): Promise<number> {
  const say = (line: string): void => console.log(`example:e2e: ${line}`);
  const example = positionals[0];
  if (positionals.length !== 1 || !exampleNames(ROOT).includes(example)) {
    say(`usage: npm run example:e2e -- <example> [--keep]; examples: ${exampleNames(ROOT).join(", ")}`);
    say(`got ${positionals.length === 0 ? "no example" : JSON.stringify(positionals.join(" "))}`);
    return 2;
  }
  const started = Date.now();
  const copy = copyRepo(ROOT, `mlops-example-e2e-${example}-`);
  // The copy installs its own node_modules (the example's dependencies are not the template's): never write into
  // the linked one.
  unlinkSync(join(copy, "node_modules"));
  const env = cleanEnv();
  const context: Context = {
    root: ROOT,
    copy,
    scratch: join(copy, ".."),
    example,
    env,
    before: (path) => gitIn(copy, ["show", `HEAD:${path}`]),
    run: (command, args, options = {}) => {
      const r = spawnSync(command, [...args], {
        cwd: copy,
        env: { ...env, ...options.env },
        encoding: "utf8",
        maxBuffer: 256 * 1024 * 1024,
      });
      return { code: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
    },
    notes: [],
    found: {},
  };
  let failed = false;
  say(`${example} in ${copy}`);
  for (const stage of STAGES) {
    const t0 = Date.now();
    try {
      const summary = await stage.run(context);
      say(`${stage.name}: ok (${((Date.now() - t0) / 1000).toFixed(1)} s)${summary ? ` — ${summary}` : ""}`);
    } catch (error) {
      say(`${stage.name}: FAILED (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      for (const line of (error as Error).message.split("\n")) say(`  ${line}`);
      failed = true;
      break;
    }
  }
  for (const note of context.notes) say(note);
  if (values.keep) say(`kept ${copy}`);
  else removeCopy(copy);
  say(`${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return failed ? 1 : 0;
}

process.exitCode = await main();
