import { readFileSync } from "node:fs";
import { type PipelineFile, parseYaml, resolveTemplate } from "./files.js";

// What Azure DevOps hands a step: the pipeline's variables, in definition order (templates expanded in place, later
// definitions win), each exported as an environment variable — name upper-cased, '.' replaced by '_'.

type Doc = Record<string, unknown>;

/**
 * The name → value of a `variables:` list, following `- template:` includes relative to `file`. `replace` swaps a
 * template file for another (e.g. a flipped copy of the knob file), as if its content had changed.
 */
export function variablesOf(
  file: string,
  doc: Doc,
  replace: ReadonlyMap<string, string> = new Map(),
  out = new Map<string, string>(),
): Map<string, string> {
  const list = Array.isArray(doc.variables) ? (doc.variables as Doc[]) : [];
  for (const entry of list) {
    if (typeof entry.template === "string") {
      const target = resolveTemplate(file, entry.template);
      const actual = replace.get(target) ?? target;
      variablesOf(target, parseYaml(readFileSync(actual, "utf8")), replace, out);
    } else if (typeof entry.name === "string") {
      out.set(entry.name, String(entry.value ?? ""));
    }
  }
  if (doc.variables && !Array.isArray(doc.variables) && typeof doc.variables === "object") {
    for (const [k, v] of Object.entries(doc.variables as Doc)) out.set(k, String(v));
  }
  return out;
}

/** Every template file a pipeline's `variables:` lists include, transitively. */
export function variableTemplates(file: string, doc: Doc, out: string[] = []): string[] {
  for (const entry of Array.isArray(doc.variables) ? (doc.variables as Doc[]) : []) {
    if (typeof entry.template !== "string") continue;
    const target = resolveTemplate(file, entry.template);
    out.push(target);
    variableTemplates(target, parseYaml(readFileSync(target, "utf8")), out);
  }
  return out;
}

/** The environment a step sees for these pipeline variables. */
export function stepEnvironment(variables: ReadonlyMap<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of variables) env[name.toUpperCase().replaceAll(".", "_")] = value;
  return env;
}

/** Replaces `$(NAME)` macros with the variables' values (unknown ones stay, as in Azure DevOps). */
export function expandMacros(text: string, variables: ReadonlyMap<string, string>): string {
  return text.replace(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (all, name: string) => variables.get(name) ?? all);
}

/** The pipeline file as Azure DevOps would see it (for callers that hold a parsed PipelineFile). */
export function rootVariables(root: PipelineFile, replace?: ReadonlyMap<string, string>): Map<string, string> {
  return variablesOf(root.path, root.doc, replace);
}
