import { ENVIRONMENTS, type EnvironmentConfig } from "../stacks/config.js";
import { NamingError, resourceNames } from "../stacks/naming/index.js";
import { nameForms } from "./forms.js";
import { reservedReason } from "./reserved.js";

/** One broken rule: which rule, and what about the name broke it. */
export interface NameIssue {
  readonly rule: string;
  readonly detail: string;
}

/** The stacks' environments (stacks/config.ts): the Azure names derived for each must be valid. */
type Environments = readonly Pick<EnvironmentConfig, "environment" | "location" | "uniqueSeed" | "names">[];

const MIN_LENGTH = 3;
const MAX_LENGTH = 24;

const show = (ch: string): string => (/^[\x21-\x7e]$/.test(ch) ? `'${ch}'` : JSON.stringify(ch));

/** The rules a name must follow before anything derived from it is looked at. */
function syntaxIssues(name: string): NameIssue[] {
  const issues: NameIssue[] = [];
  const length = [...name].length;
  if (length < MIN_LENGTH || length > MAX_LENGTH) {
    issues.push({ rule: `must be ${MIN_LENGTH}–${MAX_LENGTH} characters`, detail: `it has ${length}` });
  }
  if (!/^[a-z]/.test(name)) {
    const first = [...name][0];
    issues.push({
      rule: "must start with a lowercase letter a–z",
      detail: first ? `it starts with ${show(first)}` : "it is empty",
    });
  }
  const upper = [...new Set(name.match(/[A-Z]/g) ?? [])];
  if (upper.length > 0) issues.push({ rule: "must be lowercase", detail: `found ${upper.map(show).join(", ")}` });
  const other = [...new Set([...name].filter((ch) => !/[a-zA-Z0-9_]/.test(ch)))];
  if (other.length > 0) {
    issues.push({
      rule: "may contain only letters a–z, digits and '_'",
      detail: `found ${other.map(show).join(", ")}`,
    });
  }
  if (/^_|_$|__/.test(name)) {
    issues.push({
      rule: "may have '_' only between words",
      detail: "a leading, trailing or doubled '_' makes '-' forms Azure rejects",
    });
  }
  return issues;
}

/**
 * Every rule `name` breaks, empty when it is usable: its own syntax, reserved words (Azure, Windows, npm, this
 * template), and the Azure names the stacks derive from it for every target environment.
 */
export function nameIssues(name: string, environments: Environments = ENVIRONMENTS): NameIssue[] {
  const issues = syntaxIssues(name);
  if (issues.length > 0) return issues; // derived names of a malformed name would only repeat these
  const reserved = reservedReason(name);
  if (reserved) issues.push({ rule: "must not be a reserved word", detail: reserved });
  for (const { environment, location, uniqueSeed, names } of environments) {
    try {
      resourceNames({ project: name, environment, location, uniqueSeed, overrides: names });
    } catch (error) {
      if (!(error instanceof NamingError)) throw error;
      for (const p of error.problems) {
        issues.push({ rule: `must give valid Azure names (${environment})`, detail: `${p.rule}; got "${p.value}"` });
      }
    }
  }
  const { kebab } = nameForms(name);
  if (encodeURIComponent(kebab) !== kebab || kebab.length > 214) {
    issues.push({
      rule: "must give a valid npm package name",
      detail: `'${kebab}' is not URL-safe or longer than 214`,
    });
  }
  return issues;
}

/** A close name that follows every rule, if one is easy to find (lowercased, accents dropped, separators '_'). */
export function suggestName(name: string, environments: Environments = ENVIRONMENTS): string | undefined {
  let candidate = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[0-9_]+|_+$/g, "");
  if (candidate.length > MAX_LENGTH) candidate = candidate.slice(0, MAX_LENGTH).replace(/_[^_]*$|_+$/, "");
  if (reservedReason(candidate)) candidate = `${candidate}_model`;
  if (candidate.length < MIN_LENGTH) return undefined;
  return nameIssues(candidate, environments).length === 0 ? candidate : undefined;
}

/** One line naming every broken rule and a suggestion, or undefined when the name is valid. */
export function describeIssues(name: string, environments: Environments = ENVIRONMENTS): string | undefined {
  const issues = nameIssues(name, environments);
  if (issues.length === 0) return undefined;
  const suggestion = suggestName(name, environments);
  const rules = issues.map((i) => `${i.rule} (${i.detail})`).join("; ");
  const fix = suggestion ? `try --name ${suggestion}` : "try a name like --name fraud_detection";
  return `invalid name ${JSON.stringify(name)}: ${rules}; ${fix}`;
}
