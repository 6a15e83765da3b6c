import { existsSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { CliError } from "../mlops/errors/index.js";
import { type FormName, formPatterns, loosePattern, type NameForms } from "./forms.js";
import type { Manifest } from "./manifest-types.js";
import { hasPlaceholder, renderPath } from "./paths.js";
import { exactHits, inside, keepsWholeFile, keptFor, keptSpans, lineOf, replaceHits, spansOf } from "./scan.js";

/** One occurrence rewritten: where, which form, and the text before and after. */
export interface Replacement {
  readonly line: number;
  readonly form: FormName;
  readonly from: string;
  readonly to: string;
}

/** A file whose content changes (written at `path`; `newPath` is where it ends up after the renames). */
export interface FileChange {
  readonly path: string;
  readonly newPath: string;
  readonly before: string;
  readonly after: string;
  readonly replacements: readonly Replacement[];
}

/** Renames one path's last segment; renames are applied in order, deepest first. */
export interface Rename {
  readonly from: string;
  readonly to: string;
}

/** Everything a rename does, computed before anything is touched. */
export interface Plan {
  readonly from: NameForms;
  readonly to: NameForms;
  readonly changes: readonly FileChange[];
  readonly renames: readonly Rename[];
  /** Manifest places absent from this tree (deleted by the user): skipped. */
  readonly missing: readonly string[];
  /** Occurrences of the old name the manifest does not account for: reported, left as they are. */
  readonly unaccounted: readonly Leftover[];
}

/** An occurrence of the old name outside the manifest's places and kept list. */
export interface Leftover {
  /** `path:line`, or the path itself when the name is in the path. */
  readonly where: string;
  readonly text: string;
  readonly why: "in a path the manifest does not list" | "in a file the manifest does not list" | "not a known form";
}

const isProtected = (path: string, manifest: Manifest): boolean => manifest.protected.some((p) => path.startsWith(p));

/**
 * Plans renaming `from` to `to` in the tree at `root` (its files listed in `files`), driven by the manifest: the
 * listed places are rewritten form by form (kept text excepted) and renamed where their path has a placeholder.
 * The old name anywhere else, or in a spelling that is not a form, is reported in `unaccounted` and left alone:
 * outside the manifest a match may be something else sharing the words (an example, a data column), and the
 * template's own tree has none (tests/bootstrap checks the manifest against it).
 */
export function buildPlan(
  root: string,
  files: readonly string[],
  manifest: Manifest,
  from: NameForms,
  to: NameForms,
): Plan {
  const places = new Map(manifest.places.map((p) => [renderPath(p.path, from), p]));
  const inProtected = [...places.keys()].filter((path) => isProtected(path, manifest));
  if (inProtected.length > 0) {
    throw new CliError(`bootstrap/manifest.ts lists ${inProtected.join(", ")} inside protected user data`);
  }
  const present = new Set(files);
  const renames = planRenames(root, manifest, from, to, present);
  // A file inside a renamed folder moves with it; its path is accounted for.
  const pathCovered = (path: string): boolean => places.has(path) || renames.some((r) => path.startsWith(`${r.from}/`));
  const patterns = formPatterns(from);
  const loose = loosePattern(from);
  const changes: FileChange[] = [];
  const unaccounted: Leftover[] = [];
  for (const path of files) {
    const kept = keptFor(path, manifest.kept);
    if (isProtected(path, manifest) || kept.some(keepsWholeFile)) continue;
    if (!pathCovered(path) && spansOf(path, loose).length > 0) {
      unaccounted.push({ where: path, text: path, why: "in a path the manifest does not list" });
    }
    const buffer = readFileSync(join(root, path));
    const text = buffer.toString("utf8");
    if (buffer.includes(0) || !Buffer.from(text, "utf8").equals(buffer)) continue; // binary, or not UTF-8 text
    const spans = keptSpans(text, kept);
    const hits = exactHits(text, patterns).filter((h) => !inside(h.index, h.end, spans));
    const at = (index: number): string => `${path}:${lineOf(text, index)}`;
    for (const s of spansOf(text, loose)) {
      if (inside(s.index, s.end, spans) || hits.some((h) => s.index >= h.index && s.end <= h.end)) continue;
      unaccounted.push({ where: at(s.index), text: s.text, why: "not a known form" });
    }
    const place = places.get(path);
    if (!place) {
      const why = "in a file the manifest does not list";
      unaccounted.push(...hits.map((h) => ({ where: at(h.index), text: h.text, why }) as const));
      continue;
    }
    // (`ab_c` → `a_bc` leaves the compact form `abc` as it is: nothing to write there.)
    const changed = hits.filter((h) => to[h.form] !== h.text);
    if (changed.length === 0) continue; // a rename without content changes is in `renames` alone
    const replacements = changed.map((h) => ({
      line: lineOf(text, h.index),
      form: h.form,
      from: h.text,
      to: to[h.form],
    }));
    const after = replaceHits(text, changed, (f) => to[f]);
    changes.push({ path, newPath: renderPath(place.path, to), before: text, after, replacements });
  }
  const missing = [...places.keys()].filter((p) => !present.has(p));
  return { from, to, changes, renames, missing, unaccounted };
}

/**
 * Segment renames for every placed path with a placeholder, deepest first, so each rename happens inside a parent
 * that still has its old name (a renamed folder carries its renamed files along).
 */
function planRenames(root: string, manifest: Manifest, from: NameForms, to: NameForms, present: Set<string>): Rename[] {
  const byFrom = new Map<string, { to: string; depth: number }>();
  for (const place of manifest.places) {
    if (!hasPlaceholder(place.path) || !present.has(renderPath(place.path, from))) continue;
    const segments = place.path.split("/");
    segments.forEach((segment, depth) => {
      if (!hasPlaceholder(segment)) return;
      const old = renderPath(segments.slice(0, depth + 1).join("/"), from);
      const target = posix.join(posix.dirname(old), renderPath(segment, to));
      if (old !== target) byFrom.set(old, { to: target, depth });
    });
  }
  const renames = [...byFrom].sort(([, a], [, b]) => b.depth - a.depth).map(([f, r]) => ({ from: f, to: r.to }));
  for (const r of renames) {
    if (existsSync(join(root, r.to))) {
      throw new CliError(`cannot rename ${r.from} to ${r.to}: ${r.to} already exists; move it away first`);
    }
  }
  return renames;
}
