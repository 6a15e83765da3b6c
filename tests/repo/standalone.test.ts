import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

// A clone tests itself: the references are vendored unchanged, and no file reaches outside the repository.
describe("the repository stands alone", () => {
  it("keeps the vendored Azure ML REST spec byte for byte (tests/reference/azure-ml-rest/SHA256SUMS)", () => {
    const dir = join(ROOT, "tests", "reference", "azure-ml-rest");
    const lines = readFileSync(join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(15);
    for (const line of lines) {
      const [sum, file] = line.split(/\s+/);
      expect(sha256(join(dir, file)), file).toBe(sum);
    }
  });

  it("keeps the vendored Azure Pipelines schema byte for byte (the sha256 its README records)", () => {
    const dir = join(ROOT, "tests", "reference", "azure-pipelines");
    const recorded = /sha256 `([0-9a-f]{64})`/.exec(readFileSync(join(dir, "README.md"), "utf8"))?.[1];
    expect(recorded).toBeDefined();
    expect(sha256(join(dir, "service-schema.json"))).toBe(recorded);
  });

  // The steering team's inbox sits beside our own checkouts, never beside a user's clone.
  // As a path text, or as the two segments of a join().
  const INBOX = new RegExp(["\\.\\./shared", '"\\.\\.",\\s*"shared"'].join("|"));
  it("has no file that names the inbox beside the repository (only READMEs say where a vendored file came from)", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
      cwd: ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((f) => f !== "" && !f.endsWith(".md"));
    const readers = files.filter((f) => {
      try {
        return readFileSync(join(ROOT, f), "utf8").match(INBOX) !== null;
      } catch {
        return false; // deleted in the work tree
      }
    });
    expect(readers).toEqual([]);
  });
});
