import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type GitHubEffect, githubForms, parseVso } from "../../.pipelines/scripts/github.js";
import {
  MODEL_NOT_BETTER_TAG,
  MODEL_REGISTERED_TAG,
  trainingReport,
} from "../../.pipelines/scripts/training-report.js";
import {
  addBuildTag,
  completeTask,
  emit,
  logIssue,
  setVariable,
  uploadSummary,
  vso,
} from "../../.pipelines/scripts/vso.js";
import { REPO } from "../pipelines/lib/files.js";
import { parseGithubFile } from "./lib/github-files.js";

// .pipelines/scripts print for either system: Azure DevOps logging commands by default, their GitHub forms inside a
// GitHub Actions job (GITHUB_ACTIONS=true). The DevOps forms are tested in tests/pipelines/scripts.test.ts.

const dir = mkdtempSync(join(tmpdir(), "github-logging-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the GitHub form of each logging command", () => {
  it.each<[string, string, GitHubEffect[]]>([
    ["a plain line", "model: models:/m/3", [{ stdout: "model: models:/m/3" }]],
    ["a warning", logIssue("warning", "50% done\nnext"), [{ stdout: "::warning::50%25 done%0Anext" }]],
    ["an error", logIssue("error", "a;b]c"), [{ stdout: "::error::a;b]c" }]],
    [
      "a job variable",
      setVariable("MODEL_URI", "models:/m/3"),
      [{ file: "GITHUB_ENV", text: "MODEL_URI=models:/m/3\n" }],
    ],
    ["an output", setVariable("V", "1", { output: true }), [{ file: "GITHUB_OUTPUT", text: "V=1\n" }]],
    [
      "a secret",
      setVariable("K", "s3cr%t", { secret: true }),
      [{ stdout: "::add-mask::s3cr%25t" }, { file: "GITHUB_OUTPUT", text: "K=s3cr%t\n" }],
    ],
    ["a build tag", addBuildTag(MODEL_REGISTERED_TAG), [{ stdout: `::notice title=tag::${MODEL_REGISTERED_TAG}` }]],
    ["a summary", uploadSummary("/out/summary.md"), [{ file: "GITHUB_STEP_SUMMARY", copyOf: "/out/summary.md" }]],
    ["a step result", completeTask("SucceededWithIssues", "not better"), []],
  ])("%s", (_what, line, expected) => {
    expect(githubForms(line)).toEqual(expected);
  });

  it("masks every line of a secret that spans lines, and keeps it whole in the output", () => {
    const [a, b, out] = githubForms(setVariable("K", "one\ntwo", { secret: true }));
    expect([a, b]).toEqual([{ stdout: "::add-mask::one" }, { stdout: "::add-mask::two" }]);
    expect(parseGithubFile((out as { text: string }).text)).toEqual(new Map([["K", "one\ntwo"]]));
  });

  it("refuses a command without a GitHub form, so none is dropped silently", () => {
    expect(() => githubForms(vso("task.prependpath", {}, "/opt/tool"))).toThrow(
      "no GitHub Actions form for the logging command task.prependpath",
    );
    expect(() => githubForms(vso("task.logissue", { type: "notice" }, "x"))).toThrow("task.logissue type 'notice'");
  });

  it("names the missing file when a job's file command is not there", () => {
    const env = { GITHUB_ACTIONS: "true" };
    expect(() => emit(setVariable("V", "1", { output: true }), env)).toThrow(
      "GITHUB_OUTPUT is not set: only a GitHub Actions job has the file it names",
    );
  });

  it("reads back exactly what vso.ts wrote, whatever the text", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (property, message) => {
        const parsed = parseVso(vso("task.setvariable", { variable: "V", extra: property }, message));
        expect(parsed).toEqual({
          command: "task.setvariable",
          properties: { variable: "V", extra: property },
          message,
        });
      }),
    );
  });
});

/** Runs a script the way a workflow step does, inside a (simulated) GitHub job whose files live in `job`. */
function inGithubJob(script: string, args: readonly string[]) {
  const job = mkdtempSync(join(dir, "job-"));
  const files = { GITHUB_ENV: "env", GITHUB_OUTPUT: "output", GITHUB_STEP_SUMMARY: "summary" } as const;
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  for (const [name, file] of Object.entries(files)) {
    env[name] = join(job, file);
    writeFileSync(env[name], "");
  }
  const result = spawnSync(process.execPath, ["--import", "tsx", `.pipelines/scripts/${script}`, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...env, GITHUB_ACTIONS: "true" },
    timeout: 30_000,
  });
  const read = (name: keyof typeof files) => readFileSync(env[name], "utf8");
  return { status: result.status, out: result.stdout, err: result.stderr, read };
}

/** A runs folder holding one run record. */
function runsWith(record: object): string {
  const runs = mkdtempSync(join(dir, "runs-"));
  mkdirSync(join(runs, "run-1"));
  writeFileSync(join(runs, "run-1", "run.json"), JSON.stringify(record));
  return runs;
}

describe("the scripts inside a GitHub Actions job", () => {
  it("training-report: not better is a warning and a summary, the step succeeds, registered=false", () => {
    const reason = "not better (metric 2 vs production 1)";
    const runs = runsWith({ run_id: "run-1", status: "canceled", verdict: { action: "cancel", reason } });
    const out = join(dir, "not-better");
    const r = inGithubJob("training-report.ts", ["--runs-dir", runs, "--out", out]);
    expect(r.err).toBe("");
    expect(r.status).toBe(0);
    expect(r.out.split("\n")).toEqual([
      `::warning::No model registered: ${reason}`,
      `::notice title=tag::${MODEL_NOT_BETTER_TAG}`,
      "",
    ]);
    expect(Object.fromEntries(parseGithubFile(r.read("GITHUB_OUTPUT")))).toEqual({
      MODEL_REGISTERED: "false",
      MODEL_NAME: "",
      MODEL_VERSION: "",
      MODEL_URI: "",
    });
    expect(r.read("GITHUB_STEP_SUMMARY")).toBe(readFileSync(join(out, "summary.md"), "utf8"));
    expect(r.read("GITHUB_STEP_SUMMARY")).toContain("# No new model: not better than production");
    expect(r.read("GITHUB_ENV")).toBe("");
  });

  it("training-report: a registered model is in the outputs and the summary (its lines, emitted in-process)", () => {
    const job = mkdtempSync(join(dir, "job-"));
    const env = {
      GITHUB_ACTIONS: "true",
      GITHUB_OUTPUT: join(job, "output"),
      GITHUB_STEP_SUMMARY: join(job, "summary"),
    };
    for (const f of [env.GITHUB_OUTPUT, env.GITHUB_STEP_SUMMARY]) writeFileSync(f, "");
    const summaryFile = join(job, "summary.md");
    const registration = { registered: true, name: "m", version: 4, uri: "models:/m/4" };
    const report = trainingReport({ run_id: "run-1", status: "completed", registration }, summaryFile);
    writeFileSync(summaryFile, report.markdown);
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    try {
      for (const line of report.lines) emit(line, env);
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual(["registered models:/m/4 (run run-1)", `::notice title=tag::${MODEL_REGISTERED_TAG}`]);
    expect(parseGithubFile(readFileSync(env.GITHUB_OUTPUT, "utf8"))).toEqual(
      new Map([
        ["MODEL_REGISTERED", "true"],
        ["MODEL_NAME", "m"],
        ["MODEL_VERSION", "4"],
        ["MODEL_URI", "models:/m/4"],
      ]),
    );
    expect(readFileSync(env.GITHUB_STEP_SUMMARY, "utf8")).toMatch(/^# Model registered: models:\/m\/4\n/);
  });

  it("model-identity: the chosen model goes to the job's environment; a bad choice is an error annotation", () => {
    const ok = inGithubJob("model-identity.ts", ["--version", "7", "--name", "m"]);
    expect(ok.status).toBe(0);
    expect(ok.out).toBe("model: models:/m/7\n");
    expect(parseGithubFile(ok.read("GITHUB_ENV"))).toEqual(
      new Map([
        ["MODEL_NAME", "m"],
        ["MODEL_VERSION", "7"],
        ["MODEL_URI", "models:/m/7"],
      ]),
    );
    const bad = inGithubJob("model-identity.ts", ["--version", "0", "--name", "m"]);
    expect(bad.status).toBe(1);
    expect(bad.out).toBe(
      "::error::model-identity: modelVersion must be 'triggered' or a registered version number ≥ 1, got '0'\n",
    );
    expect(bad.read("GITHUB_ENV")).toBe("");
  });
});
