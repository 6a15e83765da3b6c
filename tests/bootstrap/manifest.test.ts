import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { currentName } from "../../bootstrap/current-name.js";
import { formPatterns, nameForms } from "../../bootstrap/forms.js";
import { MANIFEST } from "../../bootstrap/manifest.js";
import { globPattern, renderPath } from "../../bootstrap/paths.js";
import { buildPlan } from "../../bootstrap/plan.js";
import { exactHits, inside, keepsWholeFile, keptFor, keptSpans } from "../../bootstrap/scan.js";
import { listFiles } from "../../bootstrap/tree.js";
import { nameIssues } from "../../bootstrap/validate.js";
import { REPO_ROOT } from "./helpers.js";

const MODEL_FOLDERS = ["training", "scoring", "data", "tests/training", "tests/scoring"];

// These tests read the repository itself (nothing is written): the manifest must describe the tree exactly.
const files = listFiles(REPO_ROOT);
const name = currentName(REPO_ROOT, MANIFEST, files);
const forms = nameForms(name);

describe("bootstrap/manifest.ts against this repository", () => {
  it("reads one current name from the markers, and that name is itself valid", () => {
    expect(nameIssues(name)).toEqual([]);
  });

  it("accounts for every occurrence of the name: nothing would be left behind", () => {
    const plan = buildPlan(REPO_ROOT, files, MANIFEST, forms, nameForms("fraud_detection_x"));
    expect(plan.unaccounted).toEqual([]);
    expect(plan.missing).toEqual([]);
  });

  it.each(MANIFEST.places.map((p) => [p.path, p] as const))("%s uses exactly the forms listed", (_, place) => {
    const path = renderPath(place.path, forms);
    const text = readFileSync(join(REPO_ROOT, path), "utf8");
    const spans = keptSpans(text, keptFor(path, MANIFEST.kept));
    const used = new Set(
      exactHits(text, formPatterns(forms)).flatMap((h) => (inside(h.index, h.end, spans) ? [] : [h.form])),
    );
    expect([...used].sort()).toEqual([...place.forms].sort());
  });

  it.each(MANIFEST.kept.map((k) => [k.text ?? k.pattern ?? "(whole files)", k.path, k] as const))(
    "kept %j in %s matches something",
    (_, glob, entry) => {
      const matching = files.filter((f) => globPattern(glob).test(f));
      // A kept entry in the sample's own folders goes with the sample: a project that swapped its model has no
      // such file (bring-your-own-model.md), and bootstrap has nothing to keep there.
      if (matching.length === 0 && MODEL_FOLDERS.some((f) => glob.startsWith(`${f}/`))) return;
      expect(matching.length).toBeGreaterThan(0);
      if (keepsWholeFile(entry)) return;
      const spans = matching.flatMap((f) => keptSpans(readFileSync(join(REPO_ROOT, f), "utf8"), [entry]));
      expect(spans.length).toBeGreaterThan(0);
    },
  );

  it("names places and markers with placeholders only, so it stays true after a rename", () => {
    const paths = [...MANIFEST.places, ...MANIFEST.markers].map((p) => p.path).join("\n");
    expect(paths).toContain("{snake}");
    expect(exactHits(paths, formPatterns(forms))).toEqual([]);
  });

  it("never lists protected user data", () => {
    for (const place of MANIFEST.places) {
      expect(MANIFEST.protected.some((p) => renderPath(place.path, forms).startsWith(p))).toBe(false);
    }
  });
});
