import { describe, expect, it } from "vitest";
import { UsageError } from "../../mlops/errors/index.js";
import { parseFlags, toNumber, usage } from "../../mlops/flags/index.js";

const defs = {
  data: { type: "string", required: true, placeholder: "FILE", description: "data" },
  set: { type: "string", multiple: true, description: "override" },
  "dry-run": { type: "boolean", description: "dry" },
} as const;

describe("parseFlags", () => {
  it("parses strings, repeated flags and booleans", () => {
    const flags = parseFlags("x", ["--data", "a.csv", "--set", "A=1", "--set", "B=2", "--dry-run"], defs);
    expect(flags).toEqual({ data: "a.csv", set: ["A=1", "B=2"], "dry-run": true });
  });

  it("rejects an unknown flag, naming it", () => {
    expect(() => parseFlags("x", ["--data", "a", "--bogus", "1"], defs)).toThrow(/--bogus/);
  });

  it("reports a missing required flag as a usage error", () => {
    expect(() => parseFlags("x", [], defs)).toThrow(UsageError);
    expect(() => parseFlags("x", [], defs)).toThrow(/--data FILE is required/);
  });

  it("points at `mlops <command> --help` by default, or at the program it is given; callers add their own prefix", () => {
    expect(() => parseFlags("x", ["--bogus"], defs)).toThrow(
      new UsageError("Unknown option '--bogus' (see 'mlops x --help')"),
    );
    expect(() => parseFlags("x", [], defs)).toThrow(new UsageError("--data FILE is required (see 'mlops x --help')"));
    expect(() => parseFlags("x", [], defs, { program: "npm run x --" })).toThrow(
      new UsageError("--data FILE is required (see 'npm run x -- --help')"),
    );
  });
});

describe("usage", () => {
  it("starts with the program as users type it", () => {
    expect(usage("x", "does x", defs).split("\n")[0]).toBe("usage: mlops x [flags]");
    expect(usage("x", "does x", defs, { program: "npm run x --" }).split("\n")[0]).toBe("usage: npm run x -- [flags]");
  });
});

describe("toNumber", () => {
  it("accepts numbers within bounds", () => {
    expect(toNumber("alpha", "0.5", { min: 0 })).toBe(0.5);
  });

  it.each([
    ["abc", {}, /must be a number, got 'abc'/],
    ["", {}, /must be a number/],
    ["1.5", { integer: true }, /must be an integer/],
    ["-1", { min: 0 }, /must be ≥ 0, got -1/],
    ["0", { exclusiveMin: 0 }, /must be > 0/],
    ["2", { max: 1 }, /must be ≤ 1/],
  ] as const)("rejects %s", (raw, opts, message) => {
    expect(() => toNumber("alpha", raw, opts)).toThrow(message);
  });
});

describe("parseFlags with negative numbers", () => {
  it("takes a negative number as the value of a string flag", () => {
    const flags = parseFlags("x", ["--data", "-1.5"], defs);
    expect(flags.data).toBe("-1.5");
    expect(() => toNumber("data", flags.data, { min: 0 })).toThrow("--data must be ≥ 0, got -1.5");
  });
});
