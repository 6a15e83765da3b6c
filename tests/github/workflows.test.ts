import { describe, expect, it } from "vitest";
import { type GithubFile, githubFiles, parseMapping } from "./lib/files.js";
import { inputProblems, pinProblems } from "./lib/pins.js";
import { policyProblems } from "./lib/policy.js";
import { expr } from "./lib/steps.js";
import { actionlint, schemaProblems } from "./lib/validate.js";

// Every file under .github/ passes actionlint (workflows), validates against SchemaStore's schema for its kind, pins
// every action by commit SHA to a vendored version and gives it only inputs it declares, and keeps the policy
// (least-privilege permissions, finite timeouts, pinned images, no secrets, no expressions in scripts).

const files = githubFiles();

/** Every problem of a file, each prefixed with the check that found it. */
async function check(file: GithubFile): Promise<string[]> {
  const lint = file.kind === "workflow" ? await actionlint(file) : [];
  return [
    ...lint.map((p) => `actionlint: ${p}`),
    ...schemaProblems(file.kind, file.doc).map((p) => `schema: ${p}`),
    ...[...pinProblems(file), ...inputProblems(file), ...policyProblems(file)].map((p) => `policy: ${p}`),
  ];
}

/** `file` with `from` replaced by `to` (which must be there), re-parsed. */
function broken(file: GithubFile | undefined, from: string | RegExp, to: string): GithubFile {
  if (!file) throw new Error("no such file");
  const text = file.text.replace(from, to);
  expect(text, `the fixture must change ${file.name}`).not.toBe(file.text);
  return { ...file, text, doc: parseMapping(text) };
}

const named = (name: string) => files.find((f) => f.name === name);

describe("the files under .github/", () => {
  it("are the workflows, the composite actions and dependabot.yml", () => {
    expect(files.filter((f) => f.kind === "workflow").length).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.kind === "action").length).toBeGreaterThanOrEqual(3);
    expect(files.filter((f) => f.kind === "dependabot")).toHaveLength(1);
  });

  it.each(files.map((f) => [f.name, f] as const))("%s passes every check", async (_name, file) => {
    expect(await check(file)).toEqual([]);
  });
});

describe("a broken copy is rejected", () => {
  const train = named(".github/workflows/model-train-register-ci.yml");
  const quality = named(".github/workflows/code-quality-ci.yml");
  const nodeSetup = named(".github/actions/node-setup/action.yml");

  it.each<[string, () => GithubFile, RegExp[]]>([
    [
      "an unknown key",
      () => broken(train, "timeout-minutes: 240", "timeout-minute: 240"),
      [/^actionlint: .*unexpected key "timeout-minute" for "job" section/m, /^schema: .*'timeout-minute'/m],
    ],
    [
      "a bad needs",
      () => broken(train, "needs: quality", "needs: qualty"),
      [/^actionlint: .*job "train" needs job "qualty" which does not exist/m],
    ],
    [
      "an unpinned action",
      () => broken(quality, /actions\/checkout@[0-9a-f]{40}/, "actions/checkout@v7"),
      [/^policy: .*actions\/checkout@v7 is not pinned by a full commit SHA/m],
    ],
    [
      "a version comment that is not the pinned commit's tag",
      () => broken(quality, /(actions\/checkout@[0-9a-f]{40}) # v7\.0\.1/, "$1 # v7.0.0"),
      [/^policy: .*actions\/checkout@3d3c42e\w+ is v7\.0\.1, the comment says v7\.0\.0/m],
    ],
    [
      "a misspelt input of a pinned action",
      () => broken(quality, "persist-credentials: false", "persist-credential: false"),
      [/^policy: .*'persist-credential' is not an input of actions\/checkout@/m],
    ],
    [
      "a permission no step needs",
      () => broken(quality, "      contents: read\n", "      contents: read\n      id-token: write\n"),
      [/^policy: .*quality: permissions .*"id-token","write".*, its steps need \[\["contents","read"\]\]/m],
    ],
    [
      "an expression spliced into a script",
      () => broken(train, "run: npm run --silent mlops -- run --target azureml", `run: echo ${expr("github.sha")}`),
      [/^policy: .*an expression inside run:; pass it through env:/m],
    ],
    [
      "a job without a timeout",
      () => broken(train, "    timeout-minutes: 240\n", ""),
      [/^policy: .*train: timeout-minutes undefined/m],
    ],
    [
      "a floating runner image",
      () => broken(quality, "runs-on: ubuntu-24.04", "runs-on: ubuntu-latest"),
      [/^policy: .*runs-on "ubuntu-latest" is not a pinned hosted image/m],
    ],
  ])("%s", async (_what, make, expected) => {
    const problems = (await check(make())).join("\n");
    for (const e of expected) expect(problems).toMatch(e);
  });

  it("a composite action with an unknown key or an unpinned action", async () => {
    const unknown = broken(nodeSetup, "runs:\n  using: composite", "runs:\n  using: composite\n  timeout: 5");
    expect((await check(unknown)).join("\n")).toMatch(/^schema: \/runs: .*'timeout'/m);
    const unpinned = broken(nodeSetup, /setup-node@[0-9a-f]{40}/, "setup-node@main");
    expect((await check(unpinned)).join("\n")).toMatch(/not pinned by a full commit SHA/);
  });

  it("a dependabot.yml with an unknown ecosystem", async () => {
    const dependabot = broken(named(".github/dependabot.yml"), "package-ecosystem: npm", "package-ecosystem: npmjs");
    expect((await check(dependabot)).join("\n")).toMatch(/^schema: .*package-ecosystem/m);
  });
});
