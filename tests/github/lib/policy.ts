import type { GithubFile } from "./files.js";
import { type Doc, flatSteps, isRecord, jobsOf, localDoc, runScripts, stepsOf } from "./steps.js";

/** Jobs run at most this long, as in .pipelines (tests/pipelines/policy.test.ts). */
const MAX_TIMEOUT_MINUTES = 360;

type Permissions = Record<string, string>;

/** The permission each kind of step needs; anything else needs none (uploads use the runner's own token). */
function stepNeeds(step: Doc): Permissions {
  const uses = typeof step.uses === "string" ? step.uses : "";
  if (/^actions\/checkout@/.test(uses)) return { contents: "read" };
  if (uses === "./.github/actions/azure-login") return { "id-token": "write" };
  // Another run's artifact (a training run's model identity) is read through the Actions API.
  if (/^actions\/download-artifact@/.test(uses) && isRecord(step.with) && "run-id" in step.with) {
    return { actions: "read" };
  }
  return {};
}

/** What a job needs: its steps' needs (composite actions expanded), or what the jobs of the workflow it calls need. */
export function jobNeeds(job: Doc): Permissions {
  const needs: Permissions = {};
  if (typeof job.uses === "string") {
    const called = localDoc(job.uses);
    for (const [, inner] of called ? jobsOf(called) : []) Object.assign(needs, jobNeeds(inner));
    return needs;
  }
  for (const { step } of flatSteps(stepsOf(job))) Object.assign(needs, stepNeeds(step));
  return needs;
}

const sorted = (p: unknown) => JSON.stringify(Object.entries(isRecord(p) ? p : {}).sort());

/**
 * Least privilege: the workflow grants nothing (`permissions: {}`), each job exactly what its steps need — a job that
 * checks out reads contents, one that signs in to Azure asks for an OIDC token, one that reads another run's artifact
 * reads actions.
 */
export function permissionProblems(file: GithubFile): string[] {
  if (file.kind !== "workflow") return [];
  const problems: string[] = [];
  if (sorted(file.doc.permissions) !== "[]" || !isRecord(file.doc.permissions)) {
    problems.push(`${file.name}: the workflow must grant nothing (permissions: {}); jobs grant what they need`);
  }
  for (const [id, job] of jobsOf(file.doc)) {
    const needed = jobNeeds(job);
    if (sorted(job.permissions) !== sorted(needed)) {
      problems.push(`${file.name} ${id}: permissions ${sorted(job.permissions)}, its steps need ${sorted(needed)}`);
    }
  }
  return problems;
}

/** True when a workflow signs in to Azure in one of its jobs or in a workflow it calls. */
export function signsIn(doc: Doc): boolean {
  return jobsOf(doc).some(([, job]) => jobNeeds(job)["id-token"] === "write");
}

/** Everything else the workflows promise; see each message. */
export function policyProblems(file: GithubFile): string[] {
  const problems: string[] = [...permissionProblems(file)];
  const add = (m: string) => problems.push(`${file.name} ${m}`);
  for (const { where, run } of runScripts(file)) {
    // Values reach scripts through env:, never spliced into the script text (script injection).
    if (run.includes("${{")) problems.push(`${where}: an expression inside run:; pass it through env:`);
  }
  if (/\bsecrets\b\s*[.:[]/.test(file.text)) add("uses secrets: the workflows sign in with OIDC and hold none");
  if (/continue-on-error/.test(file.text)) add("continues on error");
  if (file.kind !== "workflow") return problems;

  const on = isRecord(file.doc.on) ? file.doc.on : {};
  const called = Object.keys(on).length === 1 && "workflow_call" in on;
  if (!called && signsIn(file.doc) && !isRecord(file.doc.concurrency)) {
    add("signs in to Azure without a concurrency group");
  }
  const defaults = isRecord(file.doc.defaults) && isRecord(file.doc.defaults.run) ? file.doc.defaults.run : {};
  if (defaults.shell !== "bash") add("needs defaults: run: shell: bash (bash -eo pipefail for every run:)");
  for (const [id, job] of jobsOf(file.doc)) {
    if (typeof job.uses === "string") continue; // a called workflow's jobs are checked in its own file
    const t = job["timeout-minutes"];
    if (!Number.isInteger(t) || (t as number) < 1 || (t as number) > MAX_TIMEOUT_MINUTES) {
      add(`${id}: timeout-minutes ${String(t)} (needs an integer from 1 to ${MAX_TIMEOUT_MINUTES})`);
    }
    if (typeof job["runs-on"] !== "string" || !/^(ubuntu|windows|macos)-\d+(\.\d+)?$/.test(job["runs-on"])) {
      add(`${id}: runs-on ${JSON.stringify(job["runs-on"])} is not a pinned hosted image`);
    }
    for (const step of stepsOf(job)) {
      const checkout = typeof step.uses === "string" && step.uses.startsWith("actions/checkout@");
      if (checkout && !(isRecord(step.with) && step.with["persist-credentials"] === false)) {
        add(`${id}: checkout keeps the token in .git/config (persist-credentials: false)`);
      }
    }
  }
  return problems;
}
