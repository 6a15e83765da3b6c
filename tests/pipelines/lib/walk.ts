import { expandDirectives } from "./expand.js";

type Node = unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Calls `visit` for every mapping entry, depth first. */
export function walk(node: Node, visit: (key: string, value: unknown, parent: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
  } else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      visit(key, value, node);
      walk(value, visit);
    }
  }
}

/** Every string value (not keys), e.g. to scan scripts and inputs. */
export function strings(node: Node): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (isRecord(node)) return Object.values(node).flatMap(strings);
  return [];
}

/** One `- template: x.yml` (with its `parameters:` when given). */
export interface TemplateCall {
  readonly ref: string;
  readonly parameters: Record<string, unknown>;
}

/** Every template inclusion in a file (variables, stages, jobs and steps lists). */
export function templateCalls(doc: Node): TemplateCall[] {
  const calls: TemplateCall[] = [];
  walk(expandDirectives(doc), (key, value, parent) => {
    if (key === "template" && typeof value === "string") {
      calls.push({ ref: value, parameters: isRecord(parent.parameters) ? parent.parameters : {} });
    }
  });
  return calls;
}

/** Every job and deployment job (the mappings inside a `jobs:` list). */
export function jobs(doc: Node): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walk(expandDirectives(doc), (key, value) => {
    if (key !== "jobs" || !Array.isArray(value)) return;
    for (const item of value) if (isRecord(item) && ("job" in item || "deployment" in item)) out.push(item);
  });
  return out;
}

/** Every `task:` reference (`Name@N`). */
export function tasks(doc: Node): string[] {
  const out: string[] = [];
  walk(expandDirectives(doc), (key, value) => {
    if (key === "task" && typeof value === "string") out.push(value);
  });
  return out;
}

/** Variable names a `variables:` block defines (list form `- name:` or mapping form). */
export function definedInBlocks(doc: Node): string[] {
  const out: string[] = [];
  walk(expandDirectives(doc), (key, value) => {
    if (key !== "variables") return;
    if (Array.isArray(value)) {
      for (const item of value) if (isRecord(item) && typeof item.name === "string") out.push(item.name);
    } else if (isRecord(value)) {
      out.push(...Object.keys(value));
    }
  });
  return out;
}

/** Variable groups a file links (`- group: NAME`). */
export function groups(doc: Node): string[] {
  const out: string[] = [];
  walk(expandDirectives(doc), (key, value) => {
    if (key === "variables" && Array.isArray(value)) {
      for (const item of value) if (isRecord(item) && typeof item.group === "string") out.push(item.group);
    }
  });
  return out;
}

/** Names of the parameters a file declares. */
export function declaredParameters(doc: Node): Map<string, Record<string, unknown>> {
  const list = isRecord(doc) && Array.isArray(doc.parameters) ? doc.parameters : [];
  const out = new Map<string, Record<string, unknown>>();
  for (const p of list) if (isRecord(p) && typeof p.name === "string") out.set(p.name, p);
  return out;
}
