import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_FILES } from "../../../../../mlops/azure/dry-run/examples.js";
import { loadOperations } from "../spec-operations.js";
import { SPEC_DIR } from "../spec-schemas.js";
import { specValidator } from "../spec-validator.js";

const operations = () => loadOperations();
const examplesOf = () =>
  operations()
    .filter((op) => op.template.includes("/workspaces/{workspaceName}/"))
    .flatMap((op) => op.examples.map((example) => ({ op, example })));

/** The validator itself: it accepts the spec's examples and can fail. */
export function specSuite(): void {
  describe("the spec validator (2025-12-01, README transform)", () => {
    it("accepts every request and response of the spec's workspace examples", () => {
      const v = specValidator();
      const examples = examplesOf();
      expect(examples.length).toBe(8);
      for (const { op, example } of examples) {
        expect(v.check(op.bodyKey as string, example.parameters.body), op.operationId).toEqual([]);
        for (const [status, response] of Object.entries<{ body?: unknown }>(example.responses)) {
          const key = op.responseKeys[status] as string;
          if (response.body !== undefined)
            expect(v.check(key, response.body), `${op.operationId} ${status}`).toEqual([]);
        }
      }
    });

    it("rejects an unknown jobType, a command job without command, a misspelt property and a bad enum", () => {
      const v = specValidator();
      const command = examplesOf().find(({ example }) => example.parameters.body.properties?.jobType === "Command");
      const props = command?.example.parameters.body.properties;
      const { command: _dropped, ...withoutCommand } = props;
      const cases: [string, unknown, RegExp][] = [
        ["jobType", { ...props, jobType: "Bogus" }, /jobType must be equal to one of the allowed values/],
        ["no command", withoutCommand, /must have required property 'command'/],
        ["misspelt", { ...props, comand: "echo" }, /must NOT have additional properties 'comand'/],
        ["bad enum", { ...props, identity: { identityType: "Root" } }, /identityType must be equal to one of/],
      ];
      for (const [what, properties, problem] of cases) {
        const problems = v.check("mfe.JobBaseResource", { properties });
        expect(problems.join("\n"), what).toMatch(problem);
      }
    });

    it("rejects null where the spec does not allow it and accepts it where x-nullable does", () => {
      const v = specValidator();
      expect(v.check("mfe.CodeVersionResource", { properties: { codeUri: null } })).toEqual([]);
      expect(v.check("mfe.CodeVersionResource", { properties: { isAnonymous: null } }).join()).toMatch(
        /isAnonymous must be boolean/,
      );
    });
  });

  describe("the spec examples the dry run answers with", () => {
    it("are the spec's files, unchanged in content", () => {
      const here = join(import.meta.dirname, "../../../../../mlops/azure/dry-run/examples");
      const files = Object.values(EXAMPLE_FILES);
      expect(readdirSync(here).sort()).toEqual([...files].sort());
      const specFiles = examplesOf().map(({ example }) => example);
      for (const file of files) {
        const copy = JSON.parse(readFileSync(join(here, file), "utf8"));
        expect(specFiles, file).toContainEqual(copy);
      }
      expect(SPEC_DIR).toContain("2025-12-01");
    });
  });
}
