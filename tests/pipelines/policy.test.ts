import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pipelineFiles, SCHEMA_FILE } from "./lib/files.js";
import { definedInBlocks, jobs, strings, tasks, walk } from "./lib/walk.js";

const files = pipelineFiles();

// The built-in tasks: the task names the official schema lists (it is generated from Azure DevOps' own task set;
// marketplace tasks are named `publisher.extension.task.Name@N` or by GUID and are not in it).
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as {
  definitions: { task: { properties: { task: { anyOf: { enum: string[] }[] } } } };
};
const BUILT_IN = new Set(schema.definitions.task.properties.task.anyOf.flatMap((b) => b.enum));

// Jobs run at most this long: finite, and short enough that a hung step is noticed the same day.
const MAX_TIMEOUT_MINUTES = 360;

describe("pipeline policy", () => {
  it("uses no floating :latest image or ubuntu-latest agent", () => {
    const floating = files.flatMap((f) =>
      strings(f.doc)
        .filter((s) => /:latest\b|-latest\b/.test(s))
        .map((s) => `${f.name}: ${s}`),
    );
    expect(floating).toEqual([]);
  });

  it("runs every job on a pinned hosted image", () => {
    const variables = new Map<string, string>();
    for (const f of files) {
      walk(f.doc, (key, value) => {
        if (key === "variables" && Array.isArray(value)) {
          for (const v of value as { name?: string; value?: string }[])
            if (v.name) variables.set(v.name, v.value ?? "");
        }
      });
    }
    const images: string[] = [];
    for (const f of files) {
      walk(f.doc, (key, value) => {
        if (key === "vmImage" && typeof value === "string") {
          const ref = /^\$\{\{\s*variables\.(\w+)\s*\}\}$/.exec(value)?.[1];
          images.push(ref ? (variables.get(ref) ?? `undefined ${ref}`) : value);
        }
      });
    }
    expect(images.length).toBeGreaterThanOrEqual(5);
    expect(images.filter((i) => !/^(ubuntu|windows|macos)-\d+(\.\d+)?$/.test(i))).toEqual([]);
    expect(definedInBlocks(files.find((f) => f.name.endsWith("templates/variables.yml"))?.doc)).toContain("VM_IMAGE");
  });

  it("gives every job a finite timeout", () => {
    const all = files.flatMap((f) => jobs(f.doc).map((job) => ({ file: f.name, job })));
    expect(all.length).toBeGreaterThanOrEqual(6);
    const bad = all.filter(({ job }) => {
      const t = Number(job.timeoutInMinutes);
      return !Number.isInteger(t) || t < 1 || t > MAX_TIMEOUT_MINUTES;
    });
    expect(
      bad.map(({ file, job }) => `${file}: ${job.job ?? job.deployment} timeoutInMinutes=${job.timeoutInMinutes}`),
    ).toEqual([]);
  });

  it("has no job outside a jobs: list (an implicit job has no timeout)", () => {
    const implicit = files.filter((f) => f.kind === "pipeline" && "steps" in f.doc).map((f) => f.name);
    expect(implicit).toEqual([]);
  });

  it("uses only built-in tasks, by their canonical name", () => {
    const used = files.flatMap((f) => tasks(f.doc).map((t) => `${f.name}: ${t}`));
    expect(new Set(used.map((u) => u.split(": ")[1])).size).toBeGreaterThanOrEqual(5);
    expect(used.filter((u) => !BUILT_IN.has(u.split(": ")[1]))).toEqual([]);
  });

  it("never continues on error", () => {
    const hidden: string[] = [];
    for (const f of files) {
      walk(f.doc, (key, value) => {
        if (key === "continueOnError" && String(value).toLowerCase() !== "false") hidden.push(`${f.name}: ${value}`);
      });
    }
    expect(hidden).toEqual([]);
  });

  it("holds no secret-based Azure login", () => {
    const text = files.map((f) => f.text).join("\n");
    expect(text).not.toMatch(/ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET|servicePrincipalKey|client_secret/i);
    expect(text).toMatch(/addSpnToEnvironment: true/);
  });
});
