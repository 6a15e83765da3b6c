import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, removeCopy } from "../../bootstrap/copy-repo.js";
import { currentName } from "../../bootstrap/current-name.js";
import { nameForms } from "../../bootstrap/forms.js";
import { MANIFEST } from "../../bootstrap/manifest.js";
import { buildPlan } from "../../bootstrap/plan.js";
import { listFiles } from "../../bootstrap/tree.js";
import { leftoversOf } from "../../bootstrap/verify.js";
import {
  commitAll,
  fingerprint,
  gitStatus,
  interruptAfter,
  REPO_ROOT,
  resetCopy,
  runCommand,
  runIn,
} from "./helpers.js";
import { parsePlan } from "./plan-lines.js";

const original = currentName(REPO_ROOT, MANIFEST, listFiles(REPO_ROOT));
// Two names that differ from the current one, whatever this checkout is called.
const [first, second] = ["fraud_detection", "churn_model", "demand_forecast"].filter((n) => n !== original);

// One copy for the whole file: each describe starts from its first commit (resetCopy).
let copy: string;
beforeAll(() => {
  copy = copyRepo(REPO_ROOT);
});
afterAll(() => removeCopy(copy));

describe(`bootstrap --name ${first} on a copy of the repository`, () => {
  let before: Map<string, string>;
  let dryRun: ReturnType<typeof parsePlan>;

  beforeAll(async () => {
    resetCopy(copy);
    before = fingerprint(copy);
    const result = await runIn(copy, ["--name", first, "--dry-run"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    dryRun = parsePlan(result.stdout);
  });

  it("--dry-run changes nothing", () => {
    expect(fingerprint(copy)).toEqual(before);
    expect(dryRun.edits.size).toBeGreaterThan(0);
  });

  it("the real command makes exactly the changes the dry run listed, and says what is next", () => {
    const result = runCommand(copy, ["--name", first]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(parsePlan(result.stdout)).toEqual(dryRun);
    expect(result.stdout).toContain(
      `renamed ${original} → ${first}: ${dryRun.edits.size} files rewritten, ${dryRun.renames.size} paths renamed`,
    );
    expect(result.stdout).toContain("docs/bring-your-own-model.md");
    const after = fingerprint(copy);
    const renamed = new Map([...dryRun.renames].map(([from, to]) => [from, to]));
    const expectedPaths = [...before.keys()].map((p) => renamed.get(p) ?? p).sort();
    expect([...after.keys()].sort()).toEqual(expectedPaths);
    for (const [path, entry] of before) {
      const now = renamed.get(path) ?? path;
      const edit = dryRun.edits.get(path);
      if (!edit) {
        expect(after.get(now), path).toBe(entry);
        continue;
      }
      const old = Buffer.from(entry.split(" ")[2], "base64").toString("utf8").split("\n");
      const next = readFileSync(join(copy, now), "utf8").split("\n");
      expect(next, path).toHaveLength(old.length);
      const changedLines = old.flatMap((line, i) => (line === next[i] ? [] : [i + 1]));
      expect(changedLines, path).toEqual([...new Set(edit.map((r) => r.line))]);
      for (const r of edit) expect(next[r.line - 1], `${path}:${r.line}`).toContain(r.to);
    }
  });

  it(`leaves no spelling of '${original}' outside the manifest's kept list`, () => {
    expect(leftoversOf(copy, original)).toEqual([]);
    expect(currentName(copy, MANIFEST, listFiles(copy))).toBe(first);
  });

  it("a second run with the same name says so and changes nothing", async () => {
    commitAll(copy, "renamed");
    const renamed = fingerprint(copy);
    const result = await runIn(copy, ["--name", first]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout.trim()).toBe(`bootstrap: already named ${first}; nothing to do`);
    expect(fingerprint(copy)).toEqual(renamed);
  });

  it("leaves a tree whose manifest is still complete (tests/bootstrap stays green after a rename)", () => {
    // The first name is also the docs' example: every place it occurs must be a place or kept, as in the template.
    const files = listFiles(copy);
    const plan = buildPlan(copy, files, MANIFEST, nameForms(first), nameForms(second));
    expect(plan.unaccounted).toEqual([]);
    expect(plan.missing).toEqual([]);
  });

  it("a run with another name on the renamed tree renames it again", async () => {
    const result = await runIn(copy, ["--name", second]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^ {2}leave/m);
    expect(currentName(copy, MANIFEST, listFiles(copy))).toBe(second);
    expect(leftoversOf(copy, original)).toEqual([]);
    expect(leftoversOf(copy, first)).toEqual([]);
  });
});

describe("bootstrap is all or nothing", () => {
  let before: Map<string, string>;
  let operations: number;

  beforeAll(async () => {
    resetCopy(copy);
    before = fingerprint(copy);
    const plan = parsePlan((await runIn(copy, ["--name", first, "--dry-run"])).stdout);
    operations = plan.edits.size + plan.renames.size;
  });

  it.each([
    ["in the middle", () => Math.floor(operations / 2)],
    ["after the last operation (renames included)", () => operations],
  ])("an injected failure %s leaves the copy byte-identical and exits non-zero", async (_when, failAfter) => {
    const n = failAfter();
    const result = await runIn(copy, ["--name", first], { BOOTSTRAP_FAIL_AFTER: String(n) });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `bootstrap: failed after ${n} of ${operations} operations (injected failure after ${n} of ${operations} ` +
        `operations (BOOTSTRAP_FAIL_AFTER=${n})); every change was undone`,
    );
    expect(fingerprint(copy)).toEqual(before);
    expect(gitStatus(copy)).toBe("");
  });

  it("refuses a tree with uncommitted changes unless --force", async () => {
    appendFileSync(join(copy, "README.md"), "\nlocal note\n");
    const dirty = fingerprint(copy);
    const refused = await runIn(copy, ["--name", first]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/uncommitted change\(s\) \(M README\.md\); commit or stash them first.*--force$/);
    expect(fingerprint(copy)).toEqual(dirty);
    const forced = await runIn(copy, ["--name", first, "--force"]);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(copy, "README.md"), "utf8")).toMatch(/local note\n$/);
    expect(leftoversOf(copy, original)).toEqual([]);
  });
});

describe("bootstrap recovers from a kill at any point", () => {
  let before: Map<string, string>;
  let renamed: Map<string, string>;
  let operations: number;

  beforeAll(async () => {
    resetCopy(copy);
    before = fingerprint(copy);
    expect((await runIn(copy, ["--name", first])).code).toBe(0);
    renamed = fingerprint(copy);
    resetCopy(copy);
    const plan = parsePlan((await runIn(copy, ["--name", first, "--dry-run"])).stdout);
    operations = plan.edits.size + plan.renames.size;
  });

  it.each([
    ["before the first operation", () => 0],
    ["in the middle of the writes", () => 3],
    ["between the writes and the renames", () => operations - 1],
    ["after the last operation, before the journal was removed", () => operations],
  ])("killed %s: the same command again completes the rename", async (_when, done) => {
    resetCopy(copy);
    const journal = await interruptAfter(copy, first, done());
    writeFileSync(join(journal.dir, "9999.tmp"), "a temp file a kill left in the journal");
    expect(readdirSync(copy).filter((f) => f.includes("mlops-bootstrap"))).toEqual([]);
    const result = await runIn(copy, ["--name", first]);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain(
      `bootstrap: found an interrupted rename ${original} → ${first} (journal in .git/mlops-bootstrap): ` +
        `${done()} of ${operations} operations were done; did the other ${operations - done()}: the rename is complete`,
    );
    expect(fingerprint(copy)).toEqual(renamed);
    expect(existsSync(journal.dir)).toBe(false);
  });

  it("killed in the middle, --rollback restores the original tree exactly (git status clean)", async () => {
    resetCopy(copy);
    const journal = await interruptAfter(copy, first, operations - 1);
    const result = await runIn(copy, ["--rollback"]);
    expect(result.stdout).toBe(
      `bootstrap --rollback: found an interrupted rename ${original} → ${first} (journal in .git/mlops-bootstrap): ` +
        `${operations - 1} of ${operations} operations were done; undid them: the tree is as it was before the rename`,
    );
    expect([fingerprint(copy), gitStatus(copy), existsSync(journal.dir)]).toEqual([before, "", false]);
    const again = await runIn(copy, ["--rollback"]);
    expect(again.stdout).toContain("no interrupted rename was found; nothing to undo");
  });

  it("refuses another name, or a file edited since, and says how to go on", async () => {
    resetCopy(copy);
    const journal = await interruptAfter(copy, first, 2);
    const other = await runIn(copy, ["--name", second]);
    expect([other.code, other.stderr]).toEqual([
      1,
      `bootstrap: a rename ${original} → ${first} was interrupted (journal in ${journal.dir}): run npm run bootstrap -- ` +
        `--name ${first} to complete it, or npm run bootstrap -- --rollback to undo it, before anything else`,
    ]);
    const edited = journal.ops[0].kind === "write" ? journal.ops[0].path : "";
    appendFileSync(join(copy, edited), "\nedited after the kill\n");
    const refused = await runIn(copy, ["--name", first]);
    expect(refused.stderr).toContain(`bootstrap: ${edited} was changed since the interrupted rename`);
    expect(existsSync(journal.dir)).toBe(true);
  });

  it("a real kill -9 of the running command: running it again ends with the tree of an uninterrupted rename", async () => {
    resetCopy(copy);
    const child = spawn(process.execPath, ["--import", "tsx", "bootstrap/main.ts", "--name", first], { cwd: copy });
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        if (out.includes("  total ")) setTimeout(() => child.kill("SIGKILL"), 20);
      });
      child.on("exit", () => resolve());
    });
    const result = await runIn(copy, ["--name", first]);
    expect(result.code).toBe(0);
    expect(fingerprint(copy)).toEqual(renamed);
    expect(existsSync(join(copy, ".git", "mlops-bootstrap"))).toBe(false);
  });
});
