import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expandDirectives } from "./expand.js";
import { type PipelineFile, REPO, resolveTemplate } from "./files.js";
import { declaredParameters, definedInBlocks, groups, strings, templateCalls, walk } from "./walk.js";

/** The files a pipeline is made of: itself and every template it includes, transitively. */
export function closure(root: PipelineFile, byPath: ReadonlyMap<string, PipelineFile>): PipelineFile[] {
  const seen = new Map<string, PipelineFile>([[root.path, root]]);
  const queue = [root];
  for (let file = queue.shift(); file; file = queue.shift()) {
    for (const call of templateCalls(file.doc)) {
      const target = byPath.get(resolveTemplate(file.path, call.ref));
      if (target && !seen.has(target.path)) {
        seen.set(target.path, target);
        queue.push(target);
      }
    }
  }
  return [...seen.values()];
}

// Azure DevOps' predefined variables (learn.microsoft.com/azure/devops/pipelines/build/variables); names are
// case-insensitive. Only documented names: a typo such as Build.BuildIdd is not predefined.
const PREDEFINED = new Set(
  [
    "Agent.BuildDirectory Agent.HomeDirectory Agent.Id Agent.JobName Agent.JobStatus Agent.MachineName Agent.Name",
    "Agent.OS Agent.OSArchitecture Agent.TempDirectory Agent.ToolsDirectory Agent.WorkFolder",
    "Build.ArtifactStagingDirectory Build.BinariesDirectory Build.BuildId Build.BuildNumber Build.BuildUri",
    "Build.DefinitionName Build.DefinitionVersion Build.QueuedBy Build.QueuedById Build.Reason",
    "Build.Repository.ID Build.Repository.LocalPath Build.Repository.Name Build.Repository.Provider",
    "Build.Repository.Uri Build.RequestedFor Build.RequestedForEmail Build.RequestedForId Build.SourceBranch",
    "Build.SourceBranchName Build.SourcesDirectory Build.SourceVersion Build.SourceVersionMessage",
    "Build.StagingDirectory Build.TriggeredBy.BuildId Build.TriggeredBy.DefinitionId",
    "Build.TriggeredBy.DefinitionName Build.TriggeredBy.BuildNumber Build.TriggeredBy.ProjectID",
    "Common.TestResultsDirectory Pipeline.Workspace Environment.Name Environment.Id Environment.ResourceName",
    "Environment.ResourceId Strategy.Name Strategy.CycleName System.AccessToken System.CollectionId",
    "System.CollectionUri System.DefaultWorkingDirectory System.DefinitionId System.HostType System.JobAttempt",
    "System.JobDisplayName System.JobId System.JobName System.PhaseAttempt System.PhaseDisplayName",
    "System.PhaseName System.PlanId System.PullRequest.IsFork System.PullRequest.PullRequestId",
    "System.PullRequest.PullRequestNumber System.PullRequest.SourceBranch System.PullRequest.TargetBranch",
    "System.StageAttempt System.StageDisplayName System.StageName System.TeamFoundationCollectionUri",
    "System.TeamProject System.TeamProjectId System.TimelineId TF_BUILD",
  ]
    .join(" ")
    .split(" ")
    .map((n) => n.toLowerCase()),
);
// `resources.pipeline.<alias>.<property>` of a pipeline resource.
const PIPELINE_RESOURCE_PROPERTIES = new Set(
  "pipelineName pipelineID runName runID runURI sourceBranch sourceCommit sourceProvider requestedFor requestedForID projectID"
    .split(" ")
    .map((n) => n.toLowerCase()),
);

/** A variable reference and where it was found. */
export interface VariableUse {
  readonly name: string;
  readonly file: string;
}

const USES = [
  /\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, // macro $(VAR)
  /variables\[\s*'([^']+)'\s*\]/g, // runtime / condition expressions
  /\$\{\{[^}]*?\bvariables\.([A-Za-z_][A-Za-z0-9_]*)/g, // template expressions
];

/** Every variable a set of files refers to. */
export function variableUses(files: readonly PipelineFile[]): VariableUse[] {
  const out: VariableUse[] = [];
  for (const file of files) {
    for (const text of strings(file.doc)) {
      for (const re of USES) for (const m of text.matchAll(re)) out.push({ name: m[1], file: file.name });
    }
  }
  return out;
}

/** Scripts a pipeline runs with `npx tsx <file>` (repository-relative paths). */
export function tsxScripts(files: readonly PipelineFile[]): string[] {
  const out = new Set<string>();
  for (const file of files) {
    for (const text of strings(file.doc)) for (const m of text.matchAll(/npx tsx (\S+\.ts)/g)) out.add(m[1]);
  }
  return [...out];
}

/** Variables a script sets with the `setVariable("NAME", ...)` helper of .pipelines/scripts/vso.ts. */
function scriptOutputs(script: string): string[] {
  const path = join(REPO, script);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, "utf8");
  return [...text.matchAll(/setVariable\(\s*"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]);
}

/**
 * What a pipeline's files define: variables blocks (templates included), parameters, variables its scripts set
 * (plain and `<step>.<name>`), the variables of the groups it links (from `groupVariables`), pipeline resources.
 */
export function definedVariables(
  files: readonly PipelineFile[],
  groupVariables: ReadonlyMap<string, readonly string[]>,
): { readonly names: Set<string>; readonly missingGroups: string[] } {
  const names = new Set<string>();
  const add = (n: string) => names.add(n.toLowerCase());
  const missingGroups: string[] = [];
  const steps: string[] = [];
  const aliases: string[] = [];
  for (const file of files) {
    for (const n of definedInBlocks(file.doc)) add(n);
    for (const n of declaredParameters(file.doc).keys()) add(n);
    for (const g of groups(file.doc)) {
      const vars = groupVariables.get(g);
      if (vars) for (const n of vars) add(n);
      else missingGroups.push(g);
    }
    walk(expandDirectives(file.doc), (key, value, parent) => {
      if (key === "name" && typeof value === "string" && ("script" in parent || "task" in parent)) steps.push(value);
      if (key === "pipeline" && typeof value === "string" && "source" in parent) aliases.push(value);
    });
    // A step named through a template parameter (`- template: azure-cli.yml` with `parameters: { name: x }`).
    for (const call of templateCalls(file.doc))
      if (typeof call.parameters.name === "string") steps.push(call.parameters.name);
  }
  const outputs = tsxScripts(files).flatMap(scriptOutputs);
  for (const o of outputs) {
    add(o);
    for (const s of steps) add(`${s}.${o}`);
  }
  for (const a of aliases) for (const p of PIPELINE_RESOURCE_PROPERTIES) add(`resources.pipeline.${a}.${p}`);
  return { names, missingGroups };
}

/** True when `name` is one of Azure DevOps' predefined variables. */
export function isPredefined(name: string): boolean {
  return PREDEFINED.has(name.toLowerCase());
}
