import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { expandDirectives, parameterValues } from "./expand.js";
import { type Kind, SCHEMA_FILE } from "./files.js";

type Schema = { definitions: { task: { anyOf: Record<string, unknown>[] } } } & Record<string, unknown>;

/**
 * Schema v1.261.1 lists PublishCodeCoverageResults@2 among its task names but lost that task's inputs branch, so
 * any use of it fails validation. The branch is restored here, in the schema's own shape, from the task's
 * definition (microsoft/azure-pipelines-tasks Tasks/PublishCodeCoverageResultsV2/task.json: summaryFileLocation
 * required, pathToSources, failIfCoverageEmpty). Added only while the schema lacks it.
 */
export function patchSchema(schema: Schema): Schema {
  const branches = schema.definitions.task.anyOf;
  const pattern = "^PublishCodeCoverageResults@2$";
  const has = branches.some(
    (b) => (b as { properties?: { task?: { pattern?: string } } }).properties?.task?.pattern === pattern,
  );
  if (!has) {
    branches.push({
      properties: {
        task: { pattern },
        inputs: {
          properties: {
            summaryFileLocation: { type: "string" },
            pathToSources: { type: "string" },
            failIfCoverageEmpty: { type: "boolean" },
          },
          additionalProperties: false,
          required: ["summaryFileLocation"],
        },
      },
      required: ["task", "inputs"],
    });
  }
  return schema;
}

/** Reads the official schema (with {@link patchSchema}). */
export function readSchema(): Schema {
  return patchSchema(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Schema);
}

/** Validators for a pipeline and for each kind of template file. */
export type Validators = Readonly<Record<Kind, ValidateFunction>>;

/**
 * Compiles the schema once (≈1 s). Options: `strict: false` for the VS Code-only keywords, `unicodeRegExp: false`
 * for patterns that are not valid under the `u` flag, and `coerceTypes` because task inputs are typed `boolean` /
 * `integer` while Azure DevOps (and our parse) hands every value over as a string: "true" must pass as a boolean,
 * "yes please" must not.
 */
export function compileValidators(schema: Schema = readSchema()): Validators {
  const ajv = new Ajv({
    strict: false,
    unicodeRegExp: false,
    coerceTypes: true,
    allErrors: false,
    code: { optimize: false },
  });
  ajv.addSchema(schema, "pipelines");
  const at = (ref: string) => ajv.compile({ $ref: `pipelines#${ref}` });
  return {
    pipeline: at(""),
    variablesTemplate: at("/definitions/variablesTemplate"),
    stepsTemplate: at("/definitions/stepsTemplate"),
    jobsTemplate: at("/definitions/jobsTemplate"),
    stagesTemplate: at("/definitions/stagesTemplate"),
  };
}

/** Validates a parsed file (directives expanded, on a copy); returns readable problems, empty when valid. */
export function validate(validators: Validators, kind: Kind, doc: unknown): string[] {
  const validator = validators[kind];
  if (validator(expandDirectives(doc, parameterValues(doc)))) return [];
  return explain(validator.errors ?? []);
}

// anyOf/oneOf produce one error per rejected branch. The deepest errors are where the document went wrong; a task
// name that matches no branch is reported once, as an unknown task.
function explain(errors: readonly ErrorObject[]): string[] {
  const depth = (e: ErrorObject) => e.instancePath.split("/").length;
  const deepest = Math.max(...errors.map(depth));
  const lines = errors
    .filter((e) => depth(e) === deepest)
    .map((e) => {
      const where = e.instancePath || "/";
      if (e.keyword === "pattern" && where.endsWith("/task"))
        return `${where}: unknown task (no built-in task matches)`;
      const extra =
        e.keyword === "additionalProperties"
          ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'`
          : "";
      return `${where}: ${e.message}${extra}`;
    });
  return [...new Set(lines)];
}
