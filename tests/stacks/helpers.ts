import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { afterAll, expect } from "vitest";
import type { TerraformJson, TerraformResourceJson } from "../../stacks/policy/index.js";
import { StackValidationError } from "../../stacks/validation.js";

/** A temp-dir factory for this test file; every dir it made is removed after the file's tests. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "mlops-stacks-"));
    made.push(dir);
    return dir;
  };
}

/** Builds constructs in a fresh stack (app output in `outdir`) and returns the stack's Terraform JSON text. */
export function synthScope(outdir: string, build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(new App({ outdir }), "test");
  build(stack);
  return Testing.synth(stack);
}

/** The resources of one type in synthesized JSON text, by name. */
export function resources(synthesized: string, type: string): TerraformResourceJson[] {
  return Object.values((JSON.parse(synthesized) as TerraformJson).resource?.[type] ?? {});
}

/** Asserts `fn` throws one StackValidationError for `path` naming each field (and only those). */
export function expectProblems(fn: () => unknown, path: string, fields: readonly string[]): StackValidationError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StackValidationError);
  const error = caught as StackValidationError;
  expect(error.path).toBe(path);
  expect(error.message).toMatch(new RegExp(`^${path}: ${fields.length} problems?: `));
  for (const field of fields) expect(error.message).toContain(`${field}: `);
  expect(error.message).toContain("fix: ");
  return error;
}
