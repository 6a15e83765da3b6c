import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkName,
  NAME_RULES,
  type NameKind,
  NamingError,
  nameProblems,
  resourceNames,
  uniqueSuffix,
} from "../../stacks/naming/index.js";

const KINDS = Object.keys(NAME_RULES) as NameKind[];
const base = { project: "diabetes_regression", environment: "dev", location: "westeurope" };

function problemsOf(fn: () => unknown): NamingError["problems"] {
  try {
    fn();
  } catch (error) {
    if (error instanceof NamingError) return error.problems;
    throw error;
  }
  throw new Error("expected a NamingError");
}

describe("resourceNames", () => {
  it("derives a valid name for every kind from the template's project", () => {
    for (const environment of ["dev", "prod"]) {
      const names = resourceNames({ ...base, environment });
      for (const kind of KINDS) expect(checkName(kind, names[kind]), `${environment} ${kind}`).toEqual([]);
    }
  });

  it("keeps every name within Azure's rules for any valid project, environment and location", () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    const project = fc
      .tuple(fc.stringMatching(/^[a-z]$/), fc.array(word, { maxLength: 5 }), fc.stringMatching(/^[a-z0-9]{0,10}$/))
      .map(([first, words, rest]) => [`${first}${rest}`, ...words].join("_"))
      .filter((p) => p.length <= 60);
    const environment = fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/);
    const location = fc.stringMatching(/^[a-z][a-z0-9]{2,20}$/);
    fc.assert(
      fc.property(project, environment, location, (p, e, l) => {
        const names = resourceNames({ project: p, environment: e, location: l });
        for (const kind of KINDS) expect(checkName(kind, names[kind])).toEqual([]);
        // The globally unique kinds carry the suffix even when the project part had to be shortened.
        for (const kind of ["storageAccount", "keyVault", "containerRegistry", "onlineEndpoint"] as const) {
          expect(names[kind].endsWith(names.suffix)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("shortens the project part to fit short kinds without leaving a trailing separator", () => {
    const names = resourceNames({
      project: "fraud_detection_for_cards",
      environment: "staging",
      location: "westeurope",
    });
    expect(names.storageAccount.length).toBe(24);
    expect(names.keyVault.length).toBeLessThanOrEqual(24);
    expect(names.keyVault).not.toMatch(/--/);
    expect(names.workspace.length).toBeLessThanOrEqual(33);
    expect(names.resourceGroup).toBe("rg-fraud-detection-for-cards-staging");
  });

  it("uses valid overrides and reports every invalid one with field, rule, value and fix", () => {
    expect(resourceNames({ ...base, overrides: { computeCluster: "train-cluster" } }).computeCluster).toBe(
      "train-cluster",
    );
    const problems = problemsOf(() =>
      resourceNames({
        ...base,
        overrides: { storageAccount: "Has_Upper", keyVault: "kv--double", onlineEndpoint: "1starts-with-digit" },
      }),
    );
    expect(problems.map((p) => p.field)).toEqual(["names.storageAccount", "names.keyVault", "names.onlineEndpoint"]);
    for (const p of problems) {
      expect(p.rule.length).toBeGreaterThan(0);
      expect(p.fix).toMatch(/e\.g\./);
    }
    expect(problems[0].value).toBe("Has_Upper");
  });

  it("rejects invalid inputs all at once", () => {
    const problems = problemsOf(() =>
      resourceNames({ project: "Fraud-Detection", environment: "x", location: "west europe!" }),
    );
    expect(problems.map((p) => p.field)).toEqual(["project", "environment", "location"]);
    expect(problems[0].fix).toMatch(/bootstrap/);
  });

  it.each([
    ["leading underscore", "_fraud"],
    ["double underscore", "fraud__detection"],
    ["trailing underscore", "fraud_"],
    ["uppercase", "Fraud"],
    ["hyphen", "fraud-detection"],
    ["too long", `a${"b".repeat(60)}`],
  ])("rejects a project with a %s", (_, project) => {
    expect(nameProblems({ ...base, project }).map((p) => p.field)).toEqual(["project"]);
  });
});

describe("uniqueSuffix", () => {
  it("is sha256(project|environment|location|seed) in base 36, the same on every machine", () => {
    // Changing this value renames every storage account, key vault, registry and endpoint of every user.
    expect(uniqueSuffix(base)).toBe("hpxcm");
    const digest = createHash("sha256").update("diabetes_regression|dev|westeurope|").digest("hex");
    expect(
      BigInt(`0x${digest.slice(0, 16)}`)
        .toString(36)
        .slice(-5),
    ).toBe("hpxcm");
  });

  it("changes with each input and ignores the spelling of the region", () => {
    const suffixes = new Set([
      uniqueSuffix(base),
      uniqueSuffix({ ...base, project: "diabetes_regression2" }),
      uniqueSuffix({ ...base, environment: "prod" }),
      uniqueSuffix({ ...base, location: "northeurope" }),
      uniqueSuffix({ ...base, uniqueSeed: "team-a" }),
    ]);
    expect(suffixes.size).toBe(5);
    expect(uniqueSuffix({ ...base, location: "West Europe" })).toBe(uniqueSuffix(base));
  });
});

describe("checkName", () => {
  it.each(KINDS)("enforces the length limits of %s", (kind) => {
    const { min, max } = NAME_RULES[kind];
    expect(checkName(kind, "a".repeat(min))).toEqual([]);
    expect(checkName(kind, "a".repeat(max))).toEqual([]);
    expect(checkName(kind, "a".repeat(max + 1))[0].rule).toMatch(`(${max + 1} characters)`);
    if (min > 1) expect(checkName(kind, "a".repeat(min - 1))).toHaveLength(1);
  });

  it.each([
    ["storageAccount", "st-account"],
    ["storageAccount", "STACCOUNT"],
    ["keyVault", "1kv"],
    ["keyVault", "kv-ends-"],
    ["containerRegistry", "cr-registry"],
    ["workspace", "-workspace"],
    ["logAnalytics", "log-"],
    ["resourceGroup", "rg-ends-with."],
    ["applicationInsights", "appi/slash"],
    ["computeCluster", "9cluster"],
    ["onlineEndpoint", "ep_underscore"],
    ["batchEndpoint", "bep-ends-"],
  ] as [NameKind, string][])("rejects %s %j", (kind, value) => {
    const [problem] = checkName(kind, value, "field.x");
    expect(problem).toMatchObject({ field: "field.x", value });
  });
});
