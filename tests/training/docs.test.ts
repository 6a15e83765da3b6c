import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles } from "../../bootstrap/tree.js";
import { ROOT } from "./helpers.js";

// docs/bring-your-own-model.md's tables of the sample against the sample's folders.
const doc = readFileSync(join(ROOT, "docs/bring-your-own-model.md"), "utf8");
const paths = [...doc.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]).filter((t) => /^(training|scoring|data)\//.test(t));

describe("the sample's files in docs/bring-your-own-model.md", () => {
  it("names only paths that exist", () => {
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });

  it("lists every file of training/, scoring/ and data/", () => {
    const mine = listFiles(ROOT).filter((f) => /^(training|scoring|data)\//.test(f));
    expect(mine.filter((f) => !paths.includes(f))).toEqual([]);
  });
});
