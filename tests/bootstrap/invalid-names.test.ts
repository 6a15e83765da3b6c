import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRepo, removeCopy } from "../../bootstrap/copy-repo.js";
import { fingerprint, gitStatus, REPO_ROOT, runCommand, runIn } from "./helpers.js";

// Each name, and the rule its one-line error must name.
const INVALID: readonly (readonly [why: string, name: string, rule: RegExp])[] = [
  ["empty", "", /--name NAME is required/],
  ["too short", "ab", /3–24 characters \(it has 2\)/],
  ["too long", "fraud_detection_for_retail", /3–24 characters \(it has 26\)/],
  ["storage form over 24 (st + 26 letters + env + suffix)", "abcdefghijklmnopqrstuvwxyz", /3–24 characters/],
  ["uppercase", "FraudDetection", /must be lowercase \(found 'F', 'D'\)/],
  ["leading digit", "1fraud", /must start with a lowercase letter a–z \(it starts with '1'\)/],
  ["hyphen", "fraud-detection", /only letters a–z, digits and '_' \(found '-'\)/],
  ["dots", "fraud.detection", /found '\.'/],
  ["space", "fraud detection", /found " "/],
  ["unicode", "fraud_détection", /found "é"/],
  ["emoji", "fraud_🙂", /found "🙂"/],
  ["shell characters", "fraud;rm", /found ';'/],
  ["leading underscore", "_fraud", /must start with a lowercase letter/],
  ["doubled underscore", "fraud__detection", /'_' only between words/],
  ["trailing underscore", "fraud_", /'_' only between words/],
  ["Azure reserved name", "azure", /reserved Azure resource name/],
  ["Azure reserved substring", "microsoft_model", /may not contain 'microsoft'/],
  ["Azure reserved prefix", "login_service", /may not start with 'login'/],
  ["Windows device name", "con", /Windows device name/],
  ["npm: Node core module", "crypto", /npm package name/],
  ["npm: blocked name", "node_modules", /npm package name/],
  ["template word", "test", /folder or tool of this template/],
];

let copy: string;
let before: Map<string, string>;

beforeAll(() => {
  copy = copyRepo(REPO_ROOT);
  before = fingerprint(copy);
});
afterAll(() => removeCopy(copy));

describe("bootstrap refuses invalid names before touching anything", () => {
  it.each(INVALID)("%s: %j", async (_why, name, rule) => {
    const result = await runIn(copy, ["--name", name]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(rule);
    if (name !== "") expect(result.stderr).toMatch(/; try (a name like )?--name [a-z][a-z0-9_]+$/);
    expect(gitStatus(copy)).toBe("");
  });

  it("leaves the copy byte-identical after all of them, including through the real command", () => {
    const result = runCommand(copy, ["--name", "Fraud-Detection", "--dry-run"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^bootstrap: invalid name "Fraud-Detection": .*try --name fraud_detection\n$/);
    expect(fingerprint(copy)).toEqual(before);
  });
});

describe("bootstrap's other usage errors", () => {
  it.each([
    [
      ["--name", "fraud_detection", "--nme", "x"],
      {},
      "bootstrap: Unknown option '--nme' (see 'npm run bootstrap -- --help')",
    ],
    [
      ["--name", "fraud_detection"],
      { BOOTSTRAP_FAIL_AFTER: "two" },
      "bootstrap: BOOTSTRAP_FAIL_AFTER (a test hook) must be a whole number of operations, got 'two'",
    ],
  ])("%j %j", async (argv, env, message) => {
    expect(await runIn(copy, argv, env)).toEqual({ code: 2, stdout: "", stderr: message });
    expect(gitStatus(copy)).toBe("");
  });

  it("prints its usage with --help", async () => {
    const result = await runIn(copy, ["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^usage: npm run bootstrap -- \[flags\]\n[\s\S]*--name NAME[\s\S]*--dry-run[\s\S]*--force/,
    );
  });
});
