import { escapeRegExp, type FormName, type NameForms } from "./forms.js";

const PLACEHOLDER = /\{(snake|kebab|pascal|camel|compact|upper|title)\}/g;

/** A manifest path with its placeholders filled in from `forms`. */
export function renderPath(template: string, forms: NameForms): string {
  return template.replace(PLACEHOLDER, (_, form: FormName) => forms[form]);
}

/** True when a manifest path contains a name placeholder (the file or folder is renamed with the project). */
export function hasPlaceholder(template: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(template);
}

const CAPTURE: Readonly<Record<FormName, string>> = {
  snake: "[a-z][a-z0-9]*(?:_[a-z0-9]+)*",
  kebab: "[a-z][a-z0-9]*(?:-[a-z0-9]+)*",
  pascal: "[A-Z][A-Za-z0-9]*",
  camel: "[a-z][A-Za-z0-9]*",
  compact: "[a-z][a-z0-9]*",
  upper: "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*",
  title: "[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*)*",
};

/**
 * Matches a relative path against a one-placeholder manifest path and returns the captured spelling and its form
 * (`.pipelines/{snake}-variables-template.yml` vs `.pipelines/churn_model-variables-template.yml` → snake
 * `churn_model`), or undefined.
 */
export function capturePath(template: string, path: string): { form: FormName; value: string } | undefined {
  const forms = [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as FormName);
  if (forms.length !== 1) return undefined;
  const form = forms[0];
  const source = template.split(`{${form}}`).map(escapeRegExp).join(`(${CAPTURE[form]})`);
  const match = new RegExp(`^${source}$`).exec(path);
  return match ? { form, value: match[1] } : undefined;
}

/** A glob of the kept list as a regular expression: `**` spans folders, `*` stays within one. */
export function globPattern(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) => {
      if (part === "**/") return "(?:.*/)?";
      if (part === "**") return ".*";
      if (part === "*") return "[^/]*";
      return escapeRegExp(part);
    })
    .join("");
  return new RegExp(`^${source}$`);
}
