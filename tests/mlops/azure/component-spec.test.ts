import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchPipelineSpec, scoreComponentSpec } from "../../../mlops/azure/batch/index.js";
import {
  CONTEXT_INPUTS,
  commandComponentSpec,
  pipelineComponentSpec,
  pipelineNode,
} from "../../../mlops/azure/pipeline/components.js";
import { pipelineJobBody } from "../../../mlops/azure/pipeline/job-body.js";
import { PARAMETERS, pipelineSteps } from "../../../mlops/azure/pipeline/steps.js";
import { WORKSPACE } from "./helpers/session.js";

// The field names azure-ai-ml declares (Azure/azure-sdk-for-python, sdk/ml/azure-ai-ml, MIT): CommandComponentSchema,
// PipelineComponentSchema, their port schemas and PipelineJobSettingsSchema. tests/reference/azure-ai-ml/README.md
// names each file and commit. The REST spec leaves `componentSpec` and a pipeline job's `settings` free-form, so this
// is the only check of their keys: a misspelt `is_determinstic` would be dropped silently and reuse stay on.
const FIELDS = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../reference/azure-ai-ml/component-fields.json"), "utf8"),
) as {
  commandComponent: { fields: string[]; dumpOnly: string[]; type: string };
  pipelineComponent: { fields: string[]; dumpOnly: string[]; type: string };
  inputPort: string[];
  parameter: string[];
  outputPort: string[];
  primitiveOutput: string[];
  portTypes: string[];
  parameterTypes: string[];
  ioNamePattern: string;
  pipelineJobSettings: string[];
};

// biome-ignore lint/suspicious/noExplicitAny: component specs are free-form YAML-schema documents.
type Spec = Record<string, any>;

const unknownKeys = (value: object, known: readonly string[]) => Object.keys(value).filter((k) => !known.includes(k));

/** Everything in `spec` azure-ai-ml's schema for `kind` would not load, one line each. */
function specProblems(spec: Spec, kind: "commandComponent" | "pipelineComponent"): string[] {
  const schema = FIELDS[kind];
  const problems = unknownKeys(spec, schema.fields).map((k) =>
    schema.dumpOnly.includes(k) ? `${k}: dump-only (read-only)` : `${k}: not a ${kind} field`,
  );
  if (spec.type !== schema.type) problems.push(`type: ${spec.type}, not ${schema.type}`);
  if ("is_deterministic" in spec && typeof spec.is_deterministic !== "boolean") problems.push("is_deterministic");
  const names = new RegExp(FIELDS.ioNamePattern);
  for (const [name, port] of Object.entries<Spec>(spec.inputs ?? {})) {
    if (!names.test(name)) problems.push(`inputs.${name}: not a valid input name`);
    const isParameter = FIELDS.parameterTypes.includes(port.type);
    if (!isParameter && !FIELDS.portTypes.includes(port.type)) problems.push(`inputs.${name}.type: ${port.type}`);
    const known = isParameter ? FIELDS.parameter : FIELDS.inputPort;
    for (const key of unknownKeys(port, known)) problems.push(`inputs.${name}.${key}: not an input field`);
  }
  for (const [name, port] of Object.entries<Spec>(spec.outputs ?? {})) {
    if (!names.test(name)) problems.push(`outputs.${name}: not a valid output name`);
    if (!FIELDS.portTypes.includes(port.type)) problems.push(`outputs.${name}.type: ${port.type}`);
    for (const key of unknownKeys(port, FIELDS.outputPort))
      problems.push(`outputs.${name}.${key}: not an output field`);
  }
  return problems;
}

const CODE = `${WORKSPACE.subscriptionId}/codes/mlops_steps/versions/1`;
const ENV = `${WORKSPACE.subscriptionId}/environments/mlops-node/versions/1`;

function specsFor(runEvaluation: boolean) {
  const defs = pipelineSteps(runEvaluation);
  const commands = defs.map((def) => commandComponentSpec(def, CODE, ENV));
  const inputs = new Set([...PARAMETERS, ...CONTEXT_INPUTS]);
  const jobs = Object.fromEntries(defs.map((def, i) => [def.name, pipelineNode(def, `component-${i}`, inputs)]));
  return { defs, commands, pipeline: pipelineComponentSpec("training_pipeline", "1", jobs) };
}

describe("component specs against azure-ai-ml's CommandComponent / PipelineComponent fields", () => {
  it("every command component and the pipeline component use only fields azure-ai-ml loads", () => {
    for (const runEvaluation of [true, false]) {
      const { commands, pipeline } = specsFor(runEvaluation);
      for (const spec of commands) expect(specProblems(spec, "commandComponent"), spec.name).toEqual([]);
      expect(specProblems(pipeline, "pipelineComponent")).toEqual([]);
    }
  });

  it("the batch endpoint's score step and pipeline component use only fields azure-ai-ml loads; the step is not reused", () => {
    const step = scoreComponentSpec("CODE_ID", "ENV_ID");
    const pipeline = batchPipelineSpec("STEP_ID", "MODEL_ID");
    expect(specProblems(step, "commandComponent")).toEqual([]);
    expect(specProblems(pipeline, "pipelineComponent")).toEqual([]);
    expect(step.is_deterministic).toBe(false);
    // Every ${{inputs.X}} / ${{outputs.X}} of the command is a port of the step, and the pipeline's node binds them.
    const ports = [...step.command.matchAll(/\$\{\{(inputs|outputs)\.(\w+)\}\}/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(ports.sort()).toEqual(
      [
        ...Object.keys(step.inputs).map((n) => `inputs.${n}`),
        ...Object.keys(step.outputs).map((n) => `outputs.${n}`),
      ].sort(),
    );
    const node = pipeline.jobs.score;
    expect(Object.keys(node.inputs).sort()).toEqual(Object.keys(step.inputs).sort());
    expect(Object.keys(node.outputs)).toEqual(Object.keys(step.outputs));
    // Content-hash versions: another model is another pipeline version, the same one the same.
    expect(batchPipelineSpec("STEP_ID", "OTHER_MODEL").version).not.toBe(pipeline.version);
    expect(batchPipelineSpec("STEP_ID", "MODEL_ID").version).toBe(pipeline.version);
  });

  it("train, evaluate and register say is_deterministic: false (no reuse of an old output); prep_data may be reused", () => {
    const { defs, commands } = specsFor(true);
    const flags = Object.fromEntries(defs.map((def, i) => [def.name, commands[i].is_deterministic]));
    expect(flags).toEqual({ prep_data: true, train: false, evaluate: false, register: false });
  });

  it("the pipeline job sends only settings azure-ai-ml knows, with force_rerun: true", () => {
    const body = pipelineJobBody(
      {
        workspace: WORKSPACE,
        jobName: "job-1",
        experimentName: "exp",
        computeName: "cluster",
        parameters: {},
        build: { buildId: "", buildUri: "" },
        tags: {},
      },
      {},
    );
    const settings = (body.properties as { settings: Record<string, unknown> }).settings;
    expect(unknownKeys(settings, FIELDS.pipelineJobSettings)).toEqual([]);
    expect(settings.force_rerun).toBe(true);
  });

  it("the check fails on a misspelt or read-only key, an unknown port field or type, and a bad input name", () => {
    const [prep] = specsFor(true).commands;
    const broken: Spec = {
      ...prep,
      is_determinstic: false,
      id: "x",
      inputs: { ...prep.inputs, "bad-name": { type: "string" }, folder: { type: "uri_folder", optinal: true } },
      outputs: { out: { type: "folder" } },
    };
    expect(specProblems(broken, "commandComponent")).toEqual([
      "is_determinstic: not a commandComponent field",
      "id: dump-only (read-only)",
      "inputs.bad-name: not a valid input name",
      "inputs.folder.optinal: not an input field",
      "outputs.out.type: folder",
    ]);
    expect(specProblems({ ...specsFor(true).pipeline, command: "node x" }, "pipelineComponent")).toEqual([
      "command: not a pipelineComponent field",
    ]);
  });
});
