import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../bootstrap/tree.js";
import { readTemplate } from "../../mlops/config/template.js";
import { REPO_ROOT } from "./helpers.js";

// docs/bring-your-own-model.md against the machinery: the page a user follows to swap the model must not lie.
// (The sample's own tables are checked by tests/training/docs.test.ts, which goes with the sample.)
const doc = readFileSync(join(REPO_ROOT, "docs/bring-your-own-model.md"), "utf8");
const files = listFiles(REPO_ROOT);
const ticked = [...doc.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]);
const machinery = ticked.filter((t) => /^(mlops|tests\/mlops|tests\/bootstrap|\.pipelines)\//.test(t));

/** Names the machinery imports from a user folder's index.ts (`training` or `scoring`). */
function importedByMlops(folder: string): string[] {
  const names = new Set<string>();
  const from = new RegExp(`import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*"(?:\\.\\./)+${folder}/index\\.js"`, "g");
  for (const file of files.filter((f) => f.startsWith("mlops/") && f.endsWith(".ts"))) {
    for (const m of readFileSync(join(REPO_ROOT, file), "utf8").matchAll(from)) {
      for (const part of m[1].split(",")) if (part.trim()) names.add(part.replace(/^\s*type\s+/, "").trim());
    }
  }
  return [...names].sort();
}

/** The backticked names on the contract line of `folder/index.ts`, before the first em dash. */
function contractOf(folder: string): string[] {
  const start = doc.indexOf(`- \`${folder}/index.ts\`:`);
  const line = doc.slice(start, doc.indexOf("\n", start)).split(" — ")[0];
  return [...line.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]).sort();
}

describe("docs/bring-your-own-model.md", () => {
  it("names only machinery paths that exist", () => {
    expect(machinery.length).toBeGreaterThan(5);
    expect(machinery.filter((p) => !existsSync(join(REPO_ROOT, p)))).toEqual([]);
  });

  it("names knobs that the variables template has (a hyperparameter's TRAIN_<NAME> aside)", () => {
    const template = ticked.find((p) => p.startsWith(".pipelines/") && p.endsWith("-variables-template.yml"));
    expect(template).toBeDefined();
    // The worked examples' hyperparameter knobs are theirs (examples/*/example.json), not the template's.
    const examples = files.filter((f) => /^examples\/[^/]+\/example\.json$/.test(f));
    const exampleKnobs = examples.flatMap((f) =>
      Object.keys(JSON.parse(readFileSync(join(REPO_ROOT, f), "utf8")).knobs),
    );
    const knobs = ticked.filter((t) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(t) && t !== "TRAIN_ALPHA");
    expect(knobs.length).toBeGreaterThan(8);
    const variables = readTemplate(join(REPO_ROOT, template as string));
    expect(knobs.filter((k) => !variables.has(k) && !exampleKnobs.includes(k))).toEqual([]);
  });

  it.each(["training", "scoring"])("lists exactly what mlops/ imports from %s/index.ts", (folder) => {
    expect(contractOf(folder)).toEqual(importedByMlops(folder));
    expect(importedByMlops(folder)).toHaveLength(1);
  });
});
