// The committed reference numbers are what Debian's numpy and scikit-learn produce today: each generator script runs
// into a temp folder and its output is compared with the committed fixture (`npm test` reads only the fixtures).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { python } from "./debian-python.js";

const FIXTURES = join(import.meta.dirname, "../training/fixtures");
const MACHINERY = join(import.meta.dirname, "../mlops/fixtures");
/** Doubles from a BLAS-backed solve may differ in their last bits between BLAS builds (see reference/README.md). */
const SOLVE_TOLERANCE = 1e-12;

let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "mlops-interop-"));
});
afterAll(() => rm(out, { recursive: true, force: true }));

const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, "utf8"));

/**
 * Compares two JSON values: integers, strings and structure exactly, other numbers within `tolerance` relative.
 * Returns the paths that differ (empty when equal) and the largest relative difference seen.
 */
function compare(got: unknown, want: unknown, tolerance: number): { readonly diffs: string[]; readonly worst: number } {
  const diffs: string[] = [];
  let worst = 0;
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === "number" && typeof b === "number" && !(Number.isInteger(a) && Number.isInteger(b))) {
      const rel = Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);
      worst = Math.max(worst, rel);
      if (!(rel <= tolerance)) diffs.push(`${path}: ${a} vs ${b}`);
    } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], `${path}[${i}]`);
    } else if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = Object.keys(b);
      if (Object.keys(a).join() !== keys.join()) diffs.push(`${path}: keys ${Object.keys(a)} vs ${keys}`);
      else for (const k of keys) walk((a as never)[k], (b as never)[k], `${path}.${k}`);
    } else if (a !== b) diffs.push(`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  };
  walk(got, want, "$");
  return { diffs, worst };
}

describe("reference fixtures regenerate from Debian's numpy and scikit-learn", () => {
  it("numpy-reference.json (the machinery's): every number equal", async () => {
    const file = join(out, "numpy-reference.json");
    await python([join(MACHINERY, "numpy", "generate-numpy-reference.py"), file]);
    expect(
      compare(await readJson(file), await readJson(join(MACHINERY, "numpy", "numpy-reference.json")), 0).diffs,
    ).toEqual([]);
  });

  it("classification-metrics.json (the machinery's, scikit-learn's metrics): every number equal", async () => {
    const file = join(out, "classification-metrics.json");
    await python([join(MACHINERY, "sklearn", "generate-classification-metrics.py"), file]);
    const committed = join(MACHINERY, "sklearn", "classification-metrics.json");
    expect(compare(await readJson(file), await readJson(committed), 0).diffs).toEqual([]);
  });

  it("diabetes-profile.json (the sample's): every number equal", async () => {
    const file = join(out, "diabetes-profile.json");
    await python([join(FIXTURES, "generate-diabetes-profile.py"), file]);
    expect(compare(await readJson(file), await readJson(join(FIXTURES, "diabetes-profile.json")), 0).diffs).toEqual([]);
  });

  it(`sklearn-cases.json: integers equal, doubles within ${SOLVE_TOLERANCE} relative`, async () => {
    const file = join(out, "sklearn-cases.json");
    await python([join(FIXTURES, "generate-sklearn-cases.py"), file]);
    const { diffs } = compare(
      await readJson(file),
      await readJson(join(FIXTURES, "sklearn-cases.json")),
      SOLVE_TOLERANCE,
    );
    expect(diffs).toEqual([]);
  });

  it(`sweep-reference.json (the ridge's alpha sweep): integers equal, doubles within ${SOLVE_TOLERANCE}`, async () => {
    const file = join(out, "sweep-reference.json");
    await python([join(FIXTURES, "generate-sweep-reference.py"), file]);
    const committed = join(FIXTURES, "sweep-reference.json");
    expect(compare(await readJson(file), await readJson(committed), SOLVE_TOLERANCE).diffs).toEqual([]);
  });

  it(`reference/*.json: integers equal, doubles within ${SOLVE_TOLERANCE} relative`, async () => {
    const dir = join(out, "reference");
    await python([join(FIXTURES, "reference", "generate-reference.py"), dir]);
    for (const name of ["expected.json", "split_rs0.json", "mt19937_vectors.json"]) {
      const { diffs } = compare(
        await readJson(join(dir, name)),
        await readJson(join(FIXTURES, "reference", name)),
        SOLVE_TOLERANCE,
      );
      expect(diffs, name).toEqual([]);
    }
  });

  it("the comparison can fail: a changed digit is found", () => {
    expect(compare({ x: [1.5, 2] }, { x: [1.5000001, 2] }, SOLVE_TOLERANCE).diffs).toEqual([
      "$.x[0]: 1.5 vs 1.5000001",
    ]);
    expect(compare({ n: 3 }, { n: 4 }, 1).diffs).toHaveLength(1);
  });
});
