import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { firstColumnUnder, tables } from "../pipelines/lib/docs.js";
import { REPO } from "../pipelines/lib/files.js";
import { KNOB_EXPORT } from "./lib/commands.js";
import { githubFiles } from "./lib/files.js";
import { type Doc, isRecord, jobsOf } from "./lib/steps.js";

// docs/github-actions.md against the files it describes.

const DOC = join(REPO, "docs/github-actions.md");
const text = readFileSync(DOC, "utf8");
const all = tables(text);
const files = githubFiles();
const workflows = files.filter((f) => f.kind === "workflow");
const rows = (heading: string) => {
  const found = firstColumnUnder(heading, all);
  if (!found) throw new Error(`no table under a heading containing '${heading}'`);
  return found;
};

/** Each environment a job runs on, with the client-ID variable it signs in with. */
function environments(): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of workflows) {
    for (const [, job] of jobsOf(w.doc)) {
      const withs = isRecord(job.with) ? job.with : {};
      // A call of infra-environment.yml: the environment and the identity are inputs.
      if (typeof job.uses === "string" && typeof withs.environment === "string") {
        out.set(`mlops-${withs.environment}`, String(withs["client-id"]));
      } else if (typeof job.environment === "string" && !job.environment.includes("${{")) {
        const login = JSON.stringify(job).match(/"client-id":"([^"]+)"/)?.[1] ?? "";
        out.set(job.environment, login);
      }
    }
  }
  return out;
}
const variableOf = (expression: string) => /vars\.(\w+)/.exec(expression)?.[1] ?? expression;

describe("docs/github-actions.md", () => {
  it("lists every workflow", () => {
    expect([...rows("The workflows").keys()].sort()).toEqual(workflows.map((w) => w.name).sort());
  });

  it("lists every repository variable the files read, and only those", () => {
    const used = new Set(files.flatMap((f) => [...f.text.matchAll(/\bvars\.(\w+)/g)].map((m) => m[1])));
    expect(used.size).toBeGreaterThanOrEqual(8);
    expect([...rows("Repository variables").keys()].sort()).toEqual([...used].sort());
  });

  it("lists every environment a job runs on", () => {
    expect([...rows("Environments").keys()].sort()).toEqual([...environments().keys()].sort());
  });

  it("gives each identity the subjects of the jobs that sign in with it", () => {
    const subjects = rows("Identities and federated credentials");
    for (const [environment, expression] of environments()) {
      const variable = variableOf(expression);
      expect(subjects.get(variable)?.[1], variable).toContain(`repo:<owner>/<repo>:environment:${environment}`);
    }
    // Jobs without an environment sign in as the branch: training, batch scoring, the plans.
    for (const [variable, row] of subjects)
      expect(row[1], variable).toContain("repo:<owner>/<repo>:ref:refs/heads/main");
    expect(subjects.size).toBe(3);
  });

  it("shows the knob export as the workflows run it", () => {
    expect(text).toContain(`\n${KNOB_EXPORT}\n`);
  });

  it("gives Renovate patterns that find the versions they are meant to update", () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(text)?.[1] ?? "";
    const config = JSON.parse(json) as { customManagers: Doc[] };
    expect(config.customManagers.length).toBe(2);
    for (const m of config.customManagers) {
      const pattern = String((m.managerFilePatterns as string[])[0]).replace(/^\/|\/$/g, "");
      const path = [".pipelines/templates/variables.yml"].find((p) => new RegExp(pattern).test(p));
      expect(path, pattern).toBeDefined();
      const found = new RegExp((m.matchStrings as string[])[0]).exec(readFileSync(join(REPO, path ?? ""), "utf8"));
      expect(found?.groups?.currentValue, String(m.depNameTemplate)).toMatch(/^\d+\.\d+\.\d+/);
    }
  });
});
