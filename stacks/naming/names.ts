import { sha256 } from "../../mlops/fs/index.js";
import { checkName, formatNameProblem, type NameKind, type NameProblem } from "./rules.js";

/** What every name is derived from. None of it depends on the subscription, so names are known before deploying. */
export interface NameInput {
  /** The project, snake_case (`diabetes_regression`). */
  readonly project: string;
  /** The environment, 2–8 lowercase letters and digits (`dev`, `prod`). */
  readonly environment: string;
  /** The Azure region (`westeurope`; "West Europe" is normalised). */
  readonly location: string;
  /**
   * Mixed into the unique suffix so two teams deploying the same project to the same region get different
   * globally unique names (storage, key vault, registry, endpoints).
   * @default "" (no seed)
   */
  readonly uniqueSeed?: string;
  /** Names to use instead of the derived ones; each is validated against Azure's rule. */
  readonly overrides?: Readonly<Partial<Record<NameKind, string>>>;
}

/** Every resource name of one environment, plus the suffix that makes the global ones unique. */
export type ResourceNames = Readonly<Record<NameKind, string>> & { readonly suffix: string };

/** Thrown by {@link resourceNames} with every problem at once. */
export class NamingError extends Error {
  constructor(readonly problems: readonly NameProblem[]) {
    super(`invalid names: ${problems.map(formatNameProblem).join("; ")}`);
    this.name = "NamingError";
  }
}

const SUFFIX_LENGTH = 5;
const PROJECT = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const ENVIRONMENT = /^[a-z][a-z0-9]{1,7}$/;
const LOCATION = /^[a-z][a-z0-9]{2,39}$/;
const MAX_PROJECT = 60;

/** The region as ARM spells it: lowercase, no spaces ("West Europe" → "westeurope"). */
export function normalizeLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

/**
 * The deterministic unique suffix: 5 base-36 characters of sha256(project|environment|location|seed). Same inputs,
 * same suffix on every machine; any input changed, a different one.
 */
export function uniqueSuffix(input: Pick<NameInput, "project" | "environment" | "location" | "uniqueSeed">): string {
  const key = [input.project, input.environment, normalizeLocation(input.location), input.uniqueSeed ?? ""].join("|");
  const digits = BigInt(`0x${sha256(key).slice(0, 16)}`).toString(36);
  return digits.padStart(SUFFIX_LENGTH, "0").slice(-SUFFIX_LENGTH);
}

/** Checks an Azure region name ("westeurope"; spaces and case are normalised). */
export function checkLocation(location: string, field = "location"): NameProblem[] {
  if (LOCATION.test(normalizeLocation(location))) return [];
  return [
    {
      field,
      rule: "an Azure region name: letters and digits, 3–40 characters",
      value: location,
      fix: 'use the region\'s programmatic name, e.g. "westeurope" (see `az account list-locations -o table`)',
    },
  ];
}

/** Problems with the inputs themselves (project, environment, location, overrides); empty when all are valid. */
export function nameProblems(input: NameInput): NameProblem[] {
  const problems: NameProblem[] = [];
  if (!PROJECT.test(input.project) || input.project.length > MAX_PROJECT) {
    problems.push({
      field: "project",
      rule: `snake_case: a lowercase letter, then lowercase letters, digits and single '_' between them, at most ${MAX_PROJECT} characters`,
      value: input.project,
      fix: 'rename the project with `npm run bootstrap -- --name fraud_detection` (lowercase, "_" between words)',
    });
  }
  if (!ENVIRONMENT.test(input.environment)) {
    problems.push({
      field: "environment",
      rule: "2–8 lowercase letters and digits, starting with a letter",
      value: input.environment,
      fix: 'use a short environment name such as "dev", "test" or "prod"',
    });
  }
  problems.push(...checkLocation(input.location));
  for (const [kind, value] of Object.entries(input.overrides ?? {})) {
    if (value !== undefined) problems.push(...checkName(kind as NameKind, value));
  }
  return problems;
}

/**
 * Every resource name for (project, environment, location): Azure's length and character rules applied, the
 * project part shortened where a kind is short (storage, key vault), and the unique suffix on every name that
 * must be unique beyond its resource group. Throws {@link NamingError} listing every problem.
 */
export function resourceNames(input: NameInput): ResourceNames {
  const problems = nameProblems(input);
  if (problems.length > 0) throw new NamingError(problems);
  const env = input.environment;
  const suffix = uniqueSuffix(input);
  const hyphen = input.project.replaceAll("_", "-");
  const compact = input.project.replaceAll("_", "");
  const derived: Record<NameKind, string> = {
    resourceGroup: fitName("rg-", hyphen, `-${env}`, 90),
    workspace: fitName("mlw-", hyphen, `-${env}`, 33),
    storageAccount: fitName("st", compact, `${env}${suffix}`, 24),
    keyVault: fitName("kv-", hyphen, `-${env}-${suffix}`, 24),
    containerRegistry: fitName("cr", compact, `${env}${suffix}`, 50),
    logAnalytics: fitName("log-", hyphen, `-${env}`, 63),
    applicationInsights: fitName("appi-", hyphen, `-${env}`, 260),
    computeCluster: "cpu-cluster",
    onlineEndpoint: fitName("ep-", hyphen, `-${env}-${suffix}`, 32),
    batchEndpoint: fitName("bep-", hyphen, `-${env}-${suffix}`, 32),
  };
  const names = { ...derived, ...definedOnly(input.overrides ?? {}), suffix };
  // The derivation is meant to always satisfy the rules; check anyway so a wrong template can never reach Azure.
  const derivedProblems = (Object.keys(derived) as NameKind[]).flatMap((kind) => checkName(kind, names[kind]));
  if (derivedProblems.length > 0) throw new NamingError(derivedProblems);
  return names;
}

/** prefix + project (shortened to fit, never ending in a separator) + tail, at most `max` characters. */
function fitName(prefix: string, project: string, tail: string, max: number): string {
  const room = max - prefix.length - tail.length;
  const part = project.slice(0, Math.max(0, room)).replace(/[-_]+$/, "");
  return `${prefix}${part}${tail}`;
}

function definedOnly(overrides: Readonly<Partial<Record<NameKind, string>>>): Partial<Record<NameKind, string>> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
}
