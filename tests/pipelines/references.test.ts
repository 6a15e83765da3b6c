import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../mlops/cli/commands/index.js";
import { documentedGroups } from "./lib/docs.js";
import { pipelineFiles, REPO, resolveTemplate } from "./lib/files.js";
import { closure, definedVariables, isPredefined, tsxScripts, variableUses } from "./lib/variables.js";
import { declaredParameters, strings, templateCalls } from "./lib/walk.js";

const files = pipelineFiles();
const byPath = new Map(files.map((f) => [f.path, f]));
const roots = files.filter((f) => f.kind === "pipeline");
const scripts = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> })
  .scripts;
const allStrings = files.flatMap((f) => strings(f.doc).map((text) => ({ text, file: f.name })));

describe("template references", () => {
  const calls = files.flatMap((f) => templateCalls(f.doc).map((call) => ({ from: f, call })));

  it("every template: resolves to a file of .pipelines/", () => {
    expect(calls.length).toBeGreaterThan(10);
    const missing = calls.filter(({ from, call }) => !byPath.has(resolveTemplate(from.path, call.ref)));
    expect(missing.map(({ from, call }) => `${from.name}: ${call.ref}`)).toEqual([]);
  });

  it("passes only declared parameters, every required one, and only allowed values", () => {
    const problems: string[] = [];
    for (const { from, call } of calls) {
      const target = byPath.get(resolveTemplate(from.path, call.ref));
      if (!target) continue;
      const declared = declaredParameters(target.doc);
      for (const name of Object.keys(call.parameters)) {
        if (!declared.has(name)) problems.push(`${from.name} → ${call.ref}: unknown parameter '${name}'`);
      }
      for (const [name, p] of declared) {
        if (!("default" in p) && !(name in call.parameters)) {
          problems.push(`${from.name} → ${call.ref}: required parameter '${name}' not passed`);
        }
        const value = call.parameters[name];
        if (Array.isArray(p.values) && typeof value === "string" && !p.values.includes(value)) {
          problems.push(`${from.name} → ${call.ref}: '${name}: ${value}' is not one of ${p.values.join(", ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("commands the pipelines run exist", () => {
  it("every `npm run <script>` is a package.json script", () => {
    const used = allStrings.flatMap(({ text, file }) =>
      [...text.matchAll(/\bnpm run (?:--silent |-s )?([A-Za-z0-9:_-]+)/g)].map((m) => ({ script: m[1], file })),
    );
    expect(new Set(used.map((u) => u.script))).toEqual(new Set(["lint", "typecheck", "synth", "deploy", "mlops"]));
    expect(used.filter((u) => !(u.script in scripts))).toEqual([]);
  });

  it("every `npm run mlops -- <command> --flag` is a CLI command taking that flag", async () => {
    const invocations = allStrings.flatMap(({ text, file }) =>
      [...text.matchAll(/\bnpm run (?:--silent )?mlops -- ([a-z-]+)([^\n]*)/g)].map((m) => ({
        command: m[1],
        flags: [...m[2].matchAll(/(?:^|\s)--([a-z][a-z-]*)/g)].map((f) => f[1]),
        file,
      })),
    );
    expect(invocations.length).toBeGreaterThanOrEqual(3);
    const problems: string[] = [];
    for (const { command, flags, file } of invocations) {
      const entry = Object.hasOwn(commands, command) ? commands[command] : undefined;
      if (!entry) {
        problems.push(`${file}: unknown command 'mlops ${command}'`);
        continue;
      }
      const defined = (await entry.load()).flags;
      for (const flag of flags) if (!(flag in defined)) problems.push(`${file}: mlops ${command} has no --${flag}`);
    }
    expect(problems).toEqual([]);
  });

  it("every `npx tsx <script>` exists", () => {
    const used = tsxScripts(files);
    expect(used.length).toBeGreaterThanOrEqual(2);
    expect(used.filter((s) => !existsSync(join(REPO, s)))).toEqual([]);
  });

  it("every `npx --no -- <bin>` is installed", () => {
    const bins = allStrings.flatMap(({ text }) =>
      [...text.matchAll(/\bnpx --no -- ([a-z][a-z0-9-]*)/g)].map((m) => m[1]),
    );
    expect(bins).toContain("cdktf");
    expect(bins.filter((b) => !existsSync(join(REPO, "node_modules/.bin", b)))).toEqual([]);
  });
});

describe("every variable a pipeline uses is defined", () => {
  const groups = documentedGroups();

  it.each(roots.map((r) => [r.name, r] as const))("%s", (_name, root) => {
    const parts = closure(root, byPath);
    const { names, missingGroups } = definedVariables(parts, groups);
    expect(missingGroups, "variable groups the pipeline links must be documented in docs/azure-devops.md").toEqual([]);
    const undefinedUses = variableUses(parts).filter((u) => !isPredefined(u.name) && !names.has(u.name.toLowerCase()));
    expect(undefinedUses.map((u) => `${u.file}: ${u.name}`)).toEqual([]);
  });

  it("the check catches an undefined variable", () => {
    const root = roots[0];
    const broken = { ...root, doc: { ...root.doc, extra: ["$(NOT_DEFINED_ANYWHERE)", "$(Build.BuildIdd)"] } };
    const { names } = definedVariables(closure(broken, byPath), groups);
    const undefinedUses = variableUses([broken]).filter(
      (u) => !isPredefined(u.name) && !names.has(u.name.toLowerCase()),
    );
    expect(undefinedUses.map((u) => u.name)).toEqual(["NOT_DEFINED_ANYWHERE", "Build.BuildIdd"]);
  });
});
