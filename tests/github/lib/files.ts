import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { REPO } from "../../pipelines/lib/files.js";

/** `.github/` and the vendored references its tests check against. */
export const GITHUB = join(REPO, ".github");
export const SCHEMAS = join(REPO, "tests/reference/github-workflow");
export const ACTIONS_REFERENCE = join(REPO, "tests/reference/github-actions");

/** What a file under `.github/` is, and so which schema it is validated against. */
export type GithubKind = "workflow" | "action" | "dependabot";

/** One YAML file of `.github/`, parsed (YAML 1.2: `on:` stays a key, `true` a boolean). */
export interface GithubFile {
  readonly path: string;
  /** Relative to the repository root, for messages. */
  readonly name: string;
  readonly kind: GithubKind;
  readonly text: string;
  readonly doc: Record<string, unknown>;
}

/** Parses a YAML mapping. */
export function parseMapping(text: string): Record<string, unknown> {
  const doc = parse(text) as unknown;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not a YAML mapping");
  return doc as Record<string, unknown>;
}

function file(path: string, kind: GithubKind): GithubFile {
  const text = readFileSync(path, "utf8");
  return { path, name: relative(REPO, path), kind, text, doc: parseMapping(text) };
}

/** The workflows, the composite actions and dependabot.yml, sorted by path. */
export function githubFiles(): GithubFile[] {
  const workflows = readdirSync(join(GITHUB, "workflows"))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => file(join(GITHUB, "workflows", f), "workflow"));
  const actions = readdirSync(join(GITHUB, "actions"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => file(join(GITHUB, "actions", e.name, "action.yml"), "action"));
  return [...workflows, ...actions, file(join(GITHUB, "dependabot.yml"), "dependabot")].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

/** The file a local `uses:` (`./.github/actions/x`, `./.github/workflows/x.yml`) points at. */
export function localTarget(uses: string): string {
  const path = join(REPO, uses);
  return uses.startsWith("./.github/actions/") ? join(path, "action.yml") : path;
}
