import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../bootstrap/tree.js";
import { DEPENDENCY_FILES, exampleNames, MODEL_FOLDERS, readManifest, templateFile } from "../../examples/swap/plan.js";

// docs/bring-your-own-model.md's worked examples against what `npm run example:e2e` moves (examples/swap/plan.ts).
const ROOT = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(ROOT, "docs/bring-your-own-model.md"), "utf8");

/** The first backticked cell of each row of the table between `<!-- tag -->` and `<!-- /tag -->`. */
function tablePaths(tag: string): string[] {
  const start = doc.indexOf(`<!-- ${tag} -->`);
  const end = doc.indexOf(`<!-- /${tag} -->`);
  expect(start, `<!-- ${tag} --> in the page`).toBeGreaterThanOrEqual(0);
  return doc
    .slice(start, end)
    .split("\n")
    .flatMap((line) => /^\| `([^`]+)` \|/.exec(line)?.[1] ?? []);
}

describe("docs/bring-your-own-model.md's worked examples", () => {
  it("lists exactly what a swap changes: the model's folders, the knobs' template, the dependency files", () => {
    expect(tablePaths("swap:files")).toEqual([
      ...MODEL_FOLDERS.map((f) => `${f}/`),
      templateFile(ROOT),
      ...DEPENDENCY_FILES,
    ]);
  });

  it.each(exampleNames(ROOT))("lists every file of examples/%s, and only those", (example) => {
    const files = listFiles(ROOT).filter((f) => f.startsWith(`examples/${example}/`));
    expect(tablePaths(`example:${example}`).sort()).toEqual(files.sort());
  });

  it.each(exampleNames(ROOT))("gives the by-hand swap of %s its manifest's dependencies and knob values", (example) => {
    const manifest = readManifest(ROOT, example);
    for (const [name, version] of Object.entries(manifest.dependencies))
      expect(doc).toContain(`npm install --save-exact ${name}@${version}`);
    for (const [knob, value] of Object.entries(manifest.knobs).filter(([, v]) => v !== ""))
      expect(doc).toContain(`\`${knob}\`: ${value}`);
    for (const folder of MODEL_FOLDERS) expect(doc).toContain(`examples/${example}/${folder}`);
  });
});
