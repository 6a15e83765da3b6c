import { readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

// biome-ignore lint/suspicious/noExplicitAny: Swagger documents are untyped JSON.
type Json = any;

/** The ARM REST spec folder, vendored in tests/reference (see its README). */
export const SPEC_ROOT = join(import.meta.dirname, "../../../reference/azure-ml-rest");
export const SPEC_DIR = join(
  SPEC_ROOT,
  "specification/machinelearningservices/resource-manager/Microsoft.MachineLearningServices/stable/2025-12-01",
);
export const API_VERSION = "2025-12-01";

/** Swagger files loaded from mfe.json by following `$ref`s, keyed by absolute path. */
export function loadSpecFiles(entry = join(SPEC_DIR, "mfe.json")): Map<string, Json> {
  const files = new Map<string, Json>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (files.has(path)) continue;
    const doc = JSON.parse(readFileSync(path, "utf8"));
    files.set(path, doc);
    walk(doc, (node) => {
      const target = typeof node.$ref === "string" ? node.$ref.split("#")[0] : "";
      if (target && !target.includes("/examples/")) pending.push(resolve(dirname(path), target));
    });
  }
  return files;
}

/** Definition key in the bundle: `<file stem>.<name>` (definition names repeat across files). */
export function definitionKey(file: string, name: string): string {
  return `${basename(file, ".json")}.${name}`;
}

/** Rewrites a `$ref` written in `file` to the bundle pointer `#/definitions/<key>` (definitions only). */
export function bundleRef(file: string, ref: string): string {
  const [target, pointer = ""] = ref.split("#");
  const match = /^\/definitions\/(.+)$/.exec(pointer);
  if (!match) throw new Error(`unsupported $ref '${ref}' in ${file}`);
  return `#/definitions/${definitionKey(target ? resolve(dirname(file), target) : file, match[1])}`;
}

/**
 * Every definition of every loaded file as one JSON-Schema bundle, transformed as the spec's README says:
 * allOf chains flattened, discriminated bases replaced by if/then dispatch over their descendants,
 * `x-nullable` turned into `null` being allowed.
 */
export function bundleDefinitions(files: Map<string, Json>): Record<string, Json> {
  const raw: Record<string, Json> = {};
  for (const [file, doc] of files) {
    for (const [name, schema] of Object.entries(doc.definitions ?? {})) {
      raw[definitionKey(file, name)] = rewriteRefs(structuredClone(schema), file);
    }
  }
  const keyOf = (ref: string) => ref.slice("#/definitions/".length);
  const parents = (key: string): string[] =>
    (raw[key].allOf ?? []).filter((part: Json) => part.$ref).map((part: Json) => keyOf(part.$ref));
  const flat: Record<string, Json> = {};
  const flatten = (key: string): Json => {
    if (flat[key]) return flat[key];
    const { allOf = [], discriminator: _d, ...own } = raw[key];
    const properties: Record<string, Json> = {};
    const required = new Set<string>();
    for (const part of allOf) {
      const parent = part.$ref ? flatten(keyOf(part.$ref)) : part;
      Object.assign(properties, parent.properties);
      for (const r of parent.required ?? []) required.add(r);
    }
    Object.assign(properties, own.properties);
    for (const r of own.required ?? []) required.add(r);
    const result: Json = { ...own };
    if (Object.keys(properties).length > 0 || allOf.length > 0) result.properties = properties;
    if (required.size > 0) result.required = [...required];
    flat[key] = result;
    return result;
  };
  for (const key of Object.keys(raw)) flatten(key);

  const ancestors = (key: string, seen = new Set<string>()): Set<string> => {
    for (const p of parents(key)) if (!seen.has(p)) ancestors(p, seen.add(p));
    return seen;
  };
  const bases = Object.keys(raw).filter((key) => typeof raw[key].discriminator === "string");
  const polyKey = (key: string) => `${key}~poly`;
  const out: Record<string, Json> = {};
  for (const [key, schema] of Object.entries(flat)) out[key] = pointRefsAtPoly(schema, new Set(bases), polyKey);
  for (const base of bases) {
    const prop = raw[base].discriminator as string;
    const members = Object.keys(raw).filter((k) => k === base || ancestors(k).has(base));
    const cases = members
      .filter((k) => k !== base || raw[k]["x-ms-discriminator-value"] !== undefined)
      .map((k) => ({ value: raw[k]["x-ms-discriminator-value"] ?? k.slice(k.indexOf(".") + 1), key: k }));
    out[polyKey(base)] = {
      type: "object",
      required: [prop],
      properties: { [prop]: { enum: cases.map((c) => c.value) } },
      allOf: cases.map((c) => ({
        if: { properties: { [prop]: { const: c.value } }, required: [prop] },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a promise.
        then: { $ref: `#/definitions/${c.key !== base && bases.includes(c.key) ? polyKey(c.key) : c.key}` },
      })),
    };
  }
  for (const schema of Object.values(out)) walk(schema, allowNull);
  return out;
}

function rewriteRefs(schema: Json, file: string): Json {
  walk(schema, (node) => {
    if (typeof node.$ref === "string") node.$ref = bundleRef(file, node.$ref);
  });
  return schema;
}

function pointRefsAtPoly(schema: Json, bases: Set<string>, polyKey: (key: string) => string): Json {
  const copy = structuredClone(schema);
  walk(copy, (node) => {
    const key = typeof node.$ref === "string" ? node.$ref.slice("#/definitions/".length) : "";
    if (bases.has(key)) node.$ref = `#/definitions/${polyKey(key)}`;
  });
  return copy;
}

function allowNull(node: Json): void {
  if (node["x-nullable"] !== true) return;
  delete node["x-nullable"];
  if (node.$ref) {
    node.anyOf = [{ $ref: node.$ref }, { type: "null" }];
    delete node.$ref;
    return;
  }
  if (typeof node.type === "string") node.type = [node.type, "null"];
  if (Array.isArray(node.enum)) node.enum = [...node.enum, null];
}

/** Visits every object node of a JSON value (parents before children). */
export function walk(value: Json, visit: (node: Json) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value !== null && typeof value === "object") {
    visit(value);
    for (const child of Object.values(value)) walk(child, visit);
  }
}
