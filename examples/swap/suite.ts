// The whole suite of the swapped copy, as `npm test` runs it, with every failing test named.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import type { Context } from "./stages.js";

/** Failing tests of a vitest run (`args` after `npx vitest run`), as `file > name`; throws when it wrote no report. */
function failingTests(c: Context, args: readonly string[], report: string): { failed: string[]; passed: number } {
  const r = c.run(process.execPath, [
    "node_modules/vitest/vitest.mjs",
    "run",
    ...args,
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${report}`,
  ]);
  let json: {
    numPassedTests: number;
    testResults: {
      name: string;
      status: string;
      message?: string;
      assertionResults: { status: string; fullName: string }[];
    }[];
  };
  try {
    json = JSON.parse(readFileSync(report, "utf8"));
  } catch {
    const tail = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`).trim().split("\n").slice(-20).join("\n");
    throw new Error(`vitest exited ${r.code} and wrote no report:\n${tail}`);
  }
  const failed = json.testResults.flatMap((f) => {
    const file = f.name.slice(c.copy.length + 1);
    const tests = f.assertionResults.filter((t) => t.status === "failed").map((t) => `${file} > ${t.fullName}`);
    // A file can fail with no failing test: it did not load, or a hook failed.
    if (tests.length === 0 && f.status === "failed")
      tests.push(`${file} > (the file) ${f.message?.split("\n")[0] ?? ""}`);
    return tests;
  });
  if (r.code !== 0 && failed.length === 0) {
    // Errors outside any test (unhandled rejections) fail the run without a failing test: show what vitest said.
    const tail = stripVTControlCharacters(`${r.stdout}\n${r.stderr}`).trim().split("\n").slice(-30).join("\n");
    throw new Error(`vitest exited ${r.code} with no failing test:\n${tail}`);
  }
  return { failed, passed: json.numPassedTests };
}

/**
 * The whole suite, as `npm test` runs it (projects unit and stacks). Failing files run once more, as bootstrap's e2e
 * does: on a loaded machine a timing-sensitive test can fail once; only a failure that repeats fails the stage.
 */
export function suite(c: Context): string {
  const first = failingTests(c, ["--project", "unit", "--project", "stacks"], join(c.scratch, "vitest.json"));
  if (first.failed.length === 0) return `${first.passed} tests passed`;
  const files = [...new Set(first.failed.map((f) => f.split(" > ")[0]))];
  const again = new Set(
    failingTests(c, ["--project", "unit", "--project", "stacks", ...files], join(c.scratch, "again.json")).failed,
  );
  const repeated = first.failed.filter((f) => again.has(f));
  const flaky = first.failed.filter((f) => !again.has(f));
  if (flaky.length > 0) c.notes.push(`npm test: failed once, passed on retry: ${flaky.join("; ")}`);
  if (repeated.length > 0) throw new Error(`failed twice:\n${repeated.join("\n")}`);
  return `${first.passed} tests passed (${flaky.length} more after one retry)`;
}
