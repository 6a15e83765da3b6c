/** Every Azure resource this template names. */
export type NameKind =
  | "resourceGroup"
  | "workspace"
  | "storageAccount"
  | "keyVault"
  | "containerRegistry"
  | "logAnalytics"
  | "applicationInsights"
  | "computeCluster"
  | "onlineEndpoint"
  | "batchEndpoint";

/** One broken naming rule: the field, the rule, the value and how to fix it. */
export interface NameProblem {
  readonly field: string;
  readonly rule: string;
  readonly value: string;
  readonly fix: string;
}

/** Azure's naming rule for one kind of resource. */
export interface NameRule {
  readonly min: number;
  readonly max: number;
  /** The whole name must match (length is checked separately). */
  readonly pattern: RegExp;
  /** The rule in words, as Azure states it. */
  readonly rule: string;
  /** A valid example, for the fix text. */
  readonly example: string;
}

// Sources: Azure's "naming rules and restrictions for Azure resources" and the azurerm provider's validators
// (compute cluster: ^[a-zA-Z][a-zA-Z0-9-]{1,30}[a-zA-Z0-9]$, narrowed to Azure ML's documented 3–24).
export const NAME_RULES: Readonly<Record<NameKind, NameRule>> = {
  resourceGroup: {
    min: 1,
    max: 90,
    pattern: /^[-\w.()]*[-\w()]$/,
    rule: "1–90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'",
    example: "rg-fraud-detection-dev",
  },
  workspace: {
    min: 3,
    max: 33,
    pattern: /^[a-zA-Z0-9][\w-]*$/,
    rule: "3–33 letters, digits, '_' or '-', starting with a letter or digit",
    example: "mlw-fraud-detection-dev",
  },
  storageAccount: {
    min: 3,
    max: 24,
    pattern: /^[a-z0-9]+$/,
    rule: "3–24 lowercase letters and digits, globally unique",
    example: "stfrauddetectiondev12345",
  },
  keyVault: {
    min: 3,
    max: 24,
    pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    rule: "3–24 letters, digits and single '-', starting with a letter, ending with a letter or digit, globally unique",
    example: "kv-fraud-dev-12345",
  },
  containerRegistry: {
    min: 5,
    max: 50,
    pattern: /^[a-zA-Z0-9]+$/,
    rule: "5–50 letters and digits, globally unique",
    example: "crfrauddetectiondev12345",
  },
  logAnalytics: {
    min: 4,
    max: 63,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    rule: "4–63 letters, digits and '-', starting and ending with a letter or digit",
    example: "log-fraud-detection-dev",
  },
  applicationInsights: {
    min: 1,
    max: 260,
    pattern: /^[^%&\\?/]*[^%&\\?/. ]$/,
    rule: "1–260 characters without % & \\ ? /, not ending with '.' or a space",
    example: "appi-fraud-detection-dev",
  },
  computeCluster: {
    min: 3,
    max: 24,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    rule: "3–24 letters, digits and '-', starting with a letter, ending with a letter or digit",
    example: "train-cluster",
  },
  onlineEndpoint: {
    min: 3,
    max: 32,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    rule: "3–32 letters, digits and '-', starting with a letter, ending with a letter or digit, unique in the region",
    example: "ep-fraud-detection-dev-12345",
  },
  batchEndpoint: {
    min: 3,
    max: 32,
    pattern: /^[a-zA-Z][a-zA-Z0-9-]*[a-zA-Z0-9]$/,
    rule: "3–32 letters, digits and '-', starting with a letter, ending with a letter or digit, unique in the region",
    example: "bep-fraud-detection-dev-12345",
  },
};

/** Checks one name against Azure's rule for its kind; `field` names where the value came from. */
export function checkName(kind: NameKind, value: string, field = `names.${kind}`): NameProblem[] {
  const rule = NAME_RULES[kind];
  const fits = value.length >= rule.min && value.length <= rule.max && rule.pattern.test(value);
  if (fits) return [];
  const length = value.length < rule.min || value.length > rule.max ? ` (${value.length} characters)` : "";
  return [
    {
      field,
      rule: `${kind} name: ${rule.rule}${length}`,
      value,
      fix: `choose a name that follows the rule, e.g. "${rule.example}", or drop the override to use the derived name`,
    },
  ];
}

/** One line per problem: field, rule, value and fix. */
export function formatNameProblem(problem: NameProblem): string {
  return `${problem.field}: ${problem.rule}; got "${problem.value}"; fix: ${problem.fix}`;
}
