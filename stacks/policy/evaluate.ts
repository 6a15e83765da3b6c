/** A synthesized stack (`cdk.tf.json`), the parts policies read. */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, TerraformResourceJson>>>>;
}

/** One resource block: Terraform argument names → values (references stay `${type.name.attr}` strings). */
export type TerraformResourceJson = Readonly<Record<string, unknown>>;

/** What a rule sees besides the resource itself. */
export interface PolicyContext {
  /** The stack (environment) name, e.g. `prod`. */
  readonly stack: string;
  readonly json: TerraformJson;
}

/** A Checkov-equivalent rule over every resource of one type. */
export interface PolicyRule {
  /** Stable id used in exemptions, e.g. `storage-min-tls`. */
  readonly id: string;
  /** The Checkov check(s) it mirrors, for reference. */
  readonly checkov: string;
  readonly resourceType: string;
  readonly description: string;
  /** Narrows the resources of the type the rule is about (e.g. only endpoints among azapi resources). */
  readonly appliesTo?: (resource: TerraformResourceJson) => boolean;
  /** Returns what is wrong, or undefined when the resource complies. */
  readonly check: (resource: TerraformResourceJson, context: PolicyContext) => string | undefined;
}

/** One resource breaking one rule. */
export interface Violation {
  readonly rule: string;
  readonly stack: string;
  /** `type.name` as Terraform addresses it. */
  readonly address: string;
  readonly message: string;
}

/** Every `[address, resource]` of a type (optionally narrowed), in file order. */
export function resourcesOf(
  json: TerraformJson,
  type: string,
  appliesTo: (resource: TerraformResourceJson) => boolean = () => true,
): [string, TerraformResourceJson][] {
  return Object.entries(json.resource?.[type] ?? {})
    .filter(([, resource]) => appliesTo(resource))
    .map(([name, resource]) => [`${type}.${name}`, resource]);
}

/**
 * Checks every resource of each rule's type (not "any resource"): one violation per resource and rule. Rules in
 * `exemptions` (id → reason) are skipped — opting out is explicit and carries its reason.
 */
export function evaluatePolicies(
  stack: string,
  json: TerraformJson,
  rules: readonly PolicyRule[],
  exemptions: Readonly<Record<string, string>> = {},
): Violation[] {
  const unknown = Object.keys(exemptions).filter((id) => !rules.some((r) => r.id === id));
  if (unknown.length > 0) {
    throw new Error(`policy exemptions name unknown rules: ${unknown.join(", ")} (known: ${rules.map((r) => r.id)})`);
  }
  const violations: Violation[] = [];
  for (const rule of rules) {
    if (Object.hasOwn(exemptions, rule.id)) continue;
    for (const [address, resource] of resourcesOf(json, rule.resourceType, rule.appliesTo)) {
      const message = rule.check(resource, { stack, json });
      if (message !== undefined) violations.push({ rule: rule.id, stack, address, message });
    }
  }
  return violations;
}

/** One line per violation. */
export function formatViolation(v: Violation): string {
  return `${v.stack}: ${v.address} breaks ${v.rule}: ${v.message}`;
}

/** The resource a `${type.name.attr}` reference points to, if it is in this stack. */
export function referencedResource(json: TerraformJson, reference: unknown): TerraformResourceJson | undefined {
  const match = typeof reference === "string" ? /^\$\{([a-z0-9_]+)\.([^.}]+)\./.exec(reference) : null;
  return match ? json.resource?.[match[1]]?.[match[2]] : undefined;
}
