// Template-expression directives (`${{ if }}`, `${{ elseif }}`, `${{ else }}`, `${{ each }}`) are resolved by Azure
// DevOps before a pipeline is validated; the schema does not know them. `expandDirectives` replaces each directive
// by its content, taking every branch, so every branch is validated. A value that is exactly `${{ parameters.x }}`
// becomes the parameter's default (or a sample of its type), as Azure DevOps would substitute it; an expression
// inside a longer string is plain text to the schema and stays.

const DIRECTIVE = /^\$\{\{\s*(if|elseif|else|each)\b/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a mapping key that is a conditional/each directive. */
export function isDirective(key: string): boolean {
  return DIRECTIVE.test(key);
}

const WHOLE_PARAMETER = /^\$\{\{\s*parameters\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;
const SAMPLES: Readonly<Record<string, unknown>> = { boolean: "true", number: "1", object: [], stepList: [] };

/** Each declared template parameter's substitute: its default, or a sample value of its type. */
export function parameterValues(doc: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const declared = isRecord(doc) && Array.isArray(doc.parameters) ? doc.parameters : [];
  for (const p of declared) {
    if (!isRecord(p) || typeof p.name !== "string") continue;
    out.set(p.name, "default" in p ? p.default : (SAMPLES[String(p.type ?? "string")] ?? "sample"));
  }
  return out;
}

/**
 * A copy of `node` with every directive replaced by its content (all branches) and whole-value parameter
 * expressions replaced by `parameters` values.
 */
export function expandDirectives(node: unknown, parameters: ReadonlyMap<string, unknown> = new Map()): unknown {
  const expand = (child: unknown) => expandDirectives(child, parameters);
  if (typeof node === "string") {
    const name = WHOLE_PARAMETER.exec(node.trim())?.[1];
    return name !== undefined && parameters.has(name) ? structuredClone(parameters.get(name)) : node;
  }
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const keys = isRecord(item) ? Object.keys(item) : [];
      if (keys.length > 0 && keys.every(isDirective)) {
        // `- ${{ if ... }}:` inside a list: its value is a list to splice in, or a single item.
        for (const key of keys) {
          const content = expand((item as Record<string, unknown>)[key]);
          if (Array.isArray(content)) out.push(...content);
          else out.push(content);
        }
      } else {
        out.push(expand(item));
      }
    }
    return out;
  }
  if (isRecord(node)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (isDirective(key)) {
        const content = expand(value);
        if (!isRecord(content)) throw new Error(`directive '${key}' inside a mapping must hold a mapping`);
        Object.assign(out, content);
      } else {
        out[key] = key === "parameters" ? value : expand(value);
      }
    }
    return out;
  }
  return node;
}
