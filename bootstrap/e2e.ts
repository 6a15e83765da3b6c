// End-to-end check of bootstrap (a CI step of its own; too slow for the vitest suite): renames a copy of this
// repository to `fraud_detection` and checks that no spelling of the old name is left outside the manifest's kept
// list, and that type-check, the test suite (tests/bootstrap excluded) and `npm run synth` pass in the copy, with the
// synthesized names carrying the new name, and then that tests/bootstrap passes in the renamed copy too. A step that fails is run again on an un-renamed copy, to tell failures the
// rename caused from failures already there. Usage: npx tsx bootstrap/e2e.ts [--name NAME] [--keep]
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ENVIRONMENTS } from "../stacks/config.js";
import { resourceNames } from "../stacks/naming/index.js";
import { copyRepo, removeCopy } from "./copy-repo.js";
import { currentName } from "./current-name.js";
import { MANIFEST } from "./manifest.js";
import { listFiles } from "./tree.js";
import { leftoversOf } from "./verify.js";

const ROOT = join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: { name: { type: "string", default: "fraud_detection" }, keep: { type: "boolean" } },
});
const NEW = values.name as string;
const OLD = currentName(ROOT, MANIFEST, listFiles(ROOT));

/** A step's outcome: the problems found (empty = passed), each one line. */
type Step = (copy: string) => string[];

function run(copy: string, command: string, args: readonly string[]): { code: number; output: string } {
  const r = spawnSync(command, [...args], {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

const typecheck: Step = (copy) => {
  const r = run(copy, join(copy, "node_modules/.bin/tsc"), ["--noEmit", "-p", "."]);
  return r.code === 0 ? [] : r.output.split("\n").filter((l) => /error TS\d+/.test(l));
};

/** Failing tests of a vitest run over `files`, as `file > full name`. */
function vitestFailures(copy: string, files: readonly string[]): string[] {
  const report = join(copy, "..", "vitest.json");
  run(copy, join(copy, "node_modules/.bin/vitest"), ["run", "--reporter=json", `--outputFile=${report}`, ...files]);
  let json: { testResults: { name: string; assertionResults: { status: string; fullName: string }[] }[] };
  try {
    json = JSON.parse(readFileSync(report, "utf8"));
  } catch {
    return ["vitest wrote no report"];
  }
  return json.testResults.flatMap((f) =>
    f.assertionResults
      .filter((t) => t.status === "failed")
      .map((t) => `${f.name.slice(copy.length + 1)} > ${t.fullName}`),
  );
}

// Test files of the copy that `keep` selects. Failing files run once more: on a busy machine a timing-sensitive test
// can fail once, and only a failure that repeats says something about the rename.
const suite =
  (keep: (file: string) => boolean): Step =>
  (copy) => {
    const files = listFiles(copy).filter((f) => /^tests\/.*\.test\.ts$/.test(f) && keep(f));
    const first = vitestFailures(copy, files);
    if (first.length === 0 || first[0] === "vitest wrote no report") return first;
    const again = new Set(vitestFailures(copy, [...new Set(first.map((f) => f.split(" > ")[0]))]));
    const flaky = first.filter((f) => !again.has(f));
    if (flaky.length > 0)
      console.log(`e2e: ${flaky.length} test(s) failed once and passed on retry: ${flaky.join("; ")}`);
    return first.filter((f) => again.has(f));
  };
const isBootstrapTest = (file: string): boolean => file.startsWith("tests/bootstrap/");

const synth: Step = (copy) => {
  const r = run(copy, "npm", ["run", "--silent", "synth"]);
  if (r.code !== 0) return [`npm run synth exited ${r.code}: ${r.output.trim().split("\n").slice(-3).join(" | ")}`];
  const project = currentName(copy, MANIFEST, listFiles(copy));
  const problems: string[] = [];
  for (const env of ENVIRONMENTS) {
    const json = readFileSync(join(copy, "cdktf.out/stacks", env.environment, "cdk.tf.json"), "utf8");
    const names = resourceNames({
      project,
      environment: env.environment,
      location: env.location,
      uniqueSeed: env.uniqueSeed,
      overrides: env.names,
    });
    for (const kind of ["resourceGroup", "workspace", "storageAccount", "keyVault", "containerRegistry"] as const) {
      if (!json.includes(`"${names[kind]}"`))
        problems.push(`${env.environment}: ${kind} "${names[kind]}" not in cdk.tf.json`);
    }
  }
  const stale = leftoversOf(join(copy, "cdktf.out"), OLD);
  return [...problems, ...stale.map((l) => `cdktf.out: ${l} (the old name)`)];
};

function main(): number {
  const copy = copyRepo(ROOT, "mlops-bootstrap-e2e-");
  let baseline: string | undefined;
  let failed = false;
  const say = (line: string): void => console.log(`e2e: ${line}`);
  try {
    const rename = run(copy, process.execPath, ["--import", "tsx", "bootstrap/main.ts", "--name", NEW]);
    if (rename.code !== 0) throw new Error(`bootstrap --name ${NEW} exited ${rename.code}: ${rename.output.trim()}`);
    say(`bootstrap --name ${NEW} renamed ${OLD} in ${copy}`);
    const left = leftoversOf(copy, OLD);
    say(left.length === 0 ? `no spelling of ${OLD} left outside the kept list` : `LEFT: ${left.join("; ")}`);
    failed = left.length > 0;
    for (const [label, step] of [
      ["typecheck", typecheck],
      ["tests", suite((f) => !isBootstrapTest(f))],
      ["synth", synth],
      // A renamed repository keeps its own bootstrap tests green too (the manifest still accounts for every name).
      ["tests/bootstrap", suite(isBootstrapTest)],
    ] as const) {
      const started = Date.now();
      const problems = step(copy);
      const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (problems.length === 0) {
        say(`${label}: ok (${took})`);
        continue;
      }
      failed = true;
      baseline ??= copyRepo(ROOT, "mlops-bootstrap-e2e-base-");
      const before = new Set(step(baseline));
      const caused = problems.filter((p) => !before.has(p));
      say(`${label}: FAILED (${took}), ${caused.length} of ${problems.length} problem(s) caused by the rename`);
      for (const p of caused) say(`  caused by the rename: ${p}`);
      for (const p of problems.filter((q) => before.has(q))) say(`  fails without the rename too: ${p}`);
    }
  } catch (error) {
    say(`FAILED: ${(error as Error).message}`);
    failed = true;
  } finally {
    if (values.keep) say(`kept ${copy}${baseline ? ` and ${baseline}` : ""}`);
    else for (const dir of [copy, baseline]) if (dir) removeCopy(dir);
  }
  say(failed ? "FAILED" : "passed");
  return failed ? 1 : 0;
}

process.exitCode = main();
