import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS_REFERENCE, SCHEMAS } from "./lib/files.js";

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
/** The `| \`file\` | … | \`<sha256>\` |` rows of a README: file → recorded sha256. */
const recorded = (readme: string, key: RegExp) =>
  new Map(
    readFileSync(readme, "utf8")
      .split("\n")
      .flatMap((line) => {
        const file = key.exec(line)?.[1];
        const sum = /`([0-9a-f]{64})`/.exec(line)?.[1];
        return file && sum ? [[file, sum] as const] : [];
      }),
  );

// The references tests/github checks against are vendored unchanged (their READMEs record what was copied).
describe("the vendored GitHub references", () => {
  it("SchemaStore's schemas, byte for byte", () => {
    const sums = recorded(join(SCHEMAS, "README.md"), /^\| `([\w.-]+\.json)` \|/);
    const files = readdirSync(SCHEMAS).filter((f) => f.endsWith(".json"));
    expect([...sums.keys()].sort()).toEqual(files.sort());
    for (const f of files) expect(sha256(join(SCHEMAS, f)), f).toBe(sums.get(f));
  });

  it("each pinned action's action.yml, byte for byte, at the commit pins.json names", () => {
    const sums = recorded(join(ACTIONS_REFERENCE, "README.md"), /^\| `([\w.-]+\/[\w.-]+)`/);
    const pins = JSON.parse(readFileSync(join(ACTIONS_REFERENCE, "pins.json"), "utf8")) as Record<string, object>;
    expect([...sums.keys()].sort()).toEqual(Object.keys(pins).sort());
    for (const action of Object.keys(pins)) {
      expect(sha256(join(ACTIONS_REFERENCE, action, "action.yml")), action).toBe(sums.get(action));
      const row = readFileSync(join(ACTIONS_REFERENCE, "README.md"), "utf8")
        .split("\n")
        .find((l) => l.startsWith(`| \`${action}\``));
      expect(row, action).toContain(
        `| ${(pins[action] as { tag: string }).tag} | \`${(pins[action] as { commit: string }).commit}\` |`,
      );
    }
  });
});
