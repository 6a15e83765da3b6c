import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TEMPLATE_FILE } from "../../mlops/config/index.js";
import { firstColumnUnder } from "../pipelines/lib/docs.js";
import { pipelineFiles } from "../pipelines/lib/files.js";
import {
  commandsIn,
  devopsJobs,
  devopsPipeline,
  devopsScripts,
  githubJobs,
  githubRuns,
  githubWorkflow,
  KNOB_EXPORT,
  knobOrderProblems,
  localActions,
} from "./lib/commands.js";
import { githubFiles, parseMapping } from "./lib/files.js";
import { type Doc, isRecord } from "./lib/steps.js";

// Each DevOps pipeline has a GitHub twin of the same file name and the same name, which runs the same commands —
// npm scripts, mlops subcommands with the same flags, .pipelines/scripts — with the same knobs (the variables template,
// never a value of its own), the same timeouts and the same triggers. No logic lives in only one of them.

const roots = pipelineFiles().filter((f) => f.kind === "pipeline");
const FILES = roots.map((r) => r.name.replace(/^\.pipelines\//, ""));
const importNames = firstColumnUnder("The pipelines");
const QUALITY = "code-quality-ci.yml";
// The GitHub stand-in for the `model-registered` build-tag trigger: a gate job with no DevOps twin (flow.test.ts).
const GATE = ".github/workflows/training-outcome.yml";

it("every DevOps pipeline has a GitHub twin with the same name", () => {
  expect(FILES.length).toBe(5);
  for (const file of FILES) {
    const [root] = githubWorkflow(file);
    expect(root.doc.name, file).toBe(importNames?.get(`.pipelines/${file}`)?.[1]);
  }
});

describe.each(FILES)("%s and its twin", (file) => {
  const devops = devopsPipeline(file);
  const github = githubWorkflow(file);
  const knobsExported = file !== QUALITY;

  it("run the same commands", () => {
    const theirs = new Set(commandsIn(devopsScripts(devops)));
    const ours = new Set(commandsIn(githubRuns(github)));
    expect(theirs.size).toBeGreaterThanOrEqual(3);
    expect([...ours].sort()).toEqual([...theirs, ...(knobsExported ? [KNOB_EXPORT] : [])].sort());
  });

  it("give every job the knobs of the variables template before anything reads them", () => {
    expect(knobOrderProblems(github, `.github/workflows/${QUALITY}`)).toEqual([]);
  });

  it("give each job the same time", () => {
    const minutes = (list: unknown[]) => list.map(Number).sort((a, b) => a - b);
    const theirs = minutes(devopsJobs(devops).map((j) => j.timeoutInMinutes));
    const ours = minutes(
      github.filter((g) => g.name !== GATE).flatMap((g) => githubJobs([g]).map(({ job }) => job["timeout-minutes"])),
    );
    expect(ours).toEqual(theirs);
  });

  it("trigger on the same branches and changes", () => {
    const [root] = github;
    const on = root.doc.on as Doc;
    const twin = devops[0].doc;
    const trigger = twin.trigger as Doc | string;
    if (trigger === "none") {
      // Triggered by the training pipeline: DevOps' pipeline resource, GitHub's workflow_run.
      const resource = JSON.stringify(twin.resources);
      const run = on.workflow_run as Doc;
      expect(resource).toContain(`"source":"${(run.workflows as string[])[0]}"`);
      expect(resource).toContain(`"branches":{"include":${JSON.stringify(run.branches)}}`);
      return;
    }
    const branches = ((trigger as Doc).branches as Doc).include;
    expect((on.push as Doc).branches).toEqual(branches);
    if (twin.pr !== "none")
      expect((on.pull_request as Doc).branches).toEqual(
        (twin.pr as Doc).branches ? ((twin.pr as Doc).branches as Doc).include : undefined,
      );
    const paths = (list: unknown) => ((list ?? []) as string[]).map((p) => p.replace(/\/\*\*$/, ""));
    const devopsOwn = /^\.pipelines\/(templates|[^/]+\.yml)$/; // the DevOps definitions themselves
    const theirs = paths(((trigger as Doc).paths as Doc | undefined)?.include).filter((p) => !devopsOwn.test(p));
    const ours = paths((on.push as Doc).paths);
    expect(ours.filter((p) => !p.startsWith(".github/")).sort()).toEqual(theirs.sort());
    if (ours.length > 0) {
      // A change to the workflow, a workflow it calls or a composite action it uses runs it too.
      const own = [...github.map((g) => g.name), ...(localActions(github).length > 0 ? [".github/actions"] : [])];
      expect(own.filter((p) => !ours.includes(p))).toEqual([]);
    }
  });
});

describe("the knobs come from the variables template only", () => {
  const knobs = [...readFileSync(TEMPLATE_FILE, "utf8").matchAll(/- name: ([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  const files = githubFiles();

  it("no workflow or action sets a knob (an env: of that name would override the template)", () => {
    expect(knobs.length).toBeGreaterThanOrEqual(10);
    const set: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (Array.isArray(node)) for (const n of node) visit(n, where);
      else if (isRecord(node)) {
        for (const [k, v] of Object.entries(node)) {
          if (k === "env" && isRecord(v))
            for (const name of Object.keys(v)) if (knobs.includes(name)) set.push(`${where}: ${name}`);
          visit(v, where);
        }
      }
    };
    for (const f of files) visit(f.doc, f.name);
    expect(set).toEqual([]);
    expect(files.filter((f) => /--set\b/.test(f.text)).map((f) => f.name)).toEqual([]);
  });

  it("the tests run without knobs in the environment on both systems", () => {
    // DevOps exports every pipeline variable, so its quality gate unsets the knobs before the tests; GitHub never
    // exports them in Code-Quality-CI (checked above).
    const quality = readFileSync(".pipelines/templates/quality-steps.yml", "utf8");
    expect(quality).toMatch(/for name in \$knobs[\s\S]*unset "\$name"[\s\S]*npm test/);
  });
});

describe("the comparison can fail", () => {
  it("tells a changed flag from a variable spelt the other system's way", () => {
    const devops = commandsIn([`npm run --silent mlops -- deploy --model "$(MODEL_URI)"`]);
    expect(commandsIn([`npm run mlops -- deploy --model "$MODEL_URI"`])).toEqual(devops);
    expect(commandsIn([`npm run mlops -- deploy --models "$MODEL_URI"`])).not.toEqual(devops);
    expect(commandsIn(["npm run mlops -- batch-score --timeout-minutes 150"])).not.toEqual(
      commandsIn(["npm run mlops -- batch-score --timeout-minutes 120"]),
    );
  });

  it("finds a job that reads the knobs before exporting them, and a quality gate that exports them", () => {
    const [train, quality] = githubWorkflow("model-train-register-ci.yml");
    const text = train.text.replace(
      /( {6}- name: Export the knobs[^\n]*\n {8}run: [^\n]*\n)([\s\S]*?)( {6}# Runs even when training failed)/,
      "$2$1$3",
    );
    expect(text).not.toBe(train.text);
    const moved = { ...train, text, doc: parseMapping(text) };
    expect(knobOrderProblems([moved, quality], quality.name)).toEqual([
      `${train.name} train: 'npm run mlops -- run --target azureml' runs before the knobs are exported`,
    ]);
    expect(knobOrderProblems([quality], quality.name)).toEqual([]);
    expect(knobOrderProblems([train], quality.name)).toEqual([]);
    expect(knobOrderProblems([train], train.name)).toEqual([`${train.name} train: the quality gate exports the knobs`]);
  });
});
