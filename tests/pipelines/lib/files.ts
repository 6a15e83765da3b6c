import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";

/** The repository root and its `.pipelines/` folder. */
export const REPO = resolve(import.meta.dirname, "../../..");
export const PIPELINES = join(REPO, ".pipelines");
/** The official Azure Pipelines schema (vendored, see tests/reference/azure-pipelines/README.md). */
export const SCHEMA_FILE = join(REPO, "tests/reference/azure-pipelines/service-schema.json");

/** Which schema definition a file is validated against. */
export type Kind = "pipeline" | "variablesTemplate" | "stepsTemplate" | "jobsTemplate" | "stagesTemplate";

/** One parsed YAML file of `.pipelines/`. */
export interface PipelineFile {
  readonly path: string;
  /** Path relative to the repository root, for messages. */
  readonly name: string;
  readonly kind: Kind;
  /** Parsed with every scalar as a string (Azure DevOps' view; the schema types values so). */
  readonly doc: Record<string, unknown>;
  readonly text: string;
}

/** Parses YAML with the failsafe schema: every scalar stays a string ("true", "30", ...). */
export function parseYaml(text: string): Record<string, unknown> {
  const doc = parse(text, { schema: "failsafe" }) as unknown;
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not a YAML mapping");
  return doc as Record<string, unknown>;
}

const TEMPLATE_KEYS: readonly [string, Kind][] = [
  ["stages", "stagesTemplate"],
  ["jobs", "jobsTemplate"],
  ["steps", "stepsTemplate"],
  ["variables", "variablesTemplate"],
];

/**
 * A template is any file another file includes with `template:` (they live in templates/, plus the variables
 * template); its kind is its top-level list. Everything else is a pipeline.
 */
export function kindOf(path: string, doc: Record<string, unknown>): Kind {
  const isTemplate = path.endsWith("-template.yml") || relative(PIPELINES, path).startsWith("templates/");
  if (!isTemplate) return "pipeline";
  for (const [key, kind] of TEMPLATE_KEYS) if (key in doc) return kind;
  throw new Error(`${path}: a template needs one of ${TEMPLATE_KEYS.map(([k]) => k).join(", ")}`);
}

function listYaml(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return listYaml(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

/** Every `.pipelines/**\/*.yml`, parsed. */
export function pipelineFiles(dir = PIPELINES): PipelineFile[] {
  return listYaml(dir)
    .sort()
    .map((path) => {
      const text = readFileSync(path, "utf8");
      const doc = parseYaml(text);
      return { path, name: relative(REPO, path), kind: kindOf(path, doc), doc, text };
    });
}

/** Resolves a `template:` reference the way Azure DevOps does: relative to the file that contains it. */
export function resolveTemplate(from: string, ref: string): string {
  return resolve(dirname(from), ref);
}
