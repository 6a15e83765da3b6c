import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ACTIONS_REFERENCE, type GithubFile, localTarget, parseMapping } from "./files.js";
import { type Doc, isRecord, jobsOf, localDoc, stepsOf, usesLines } from "./steps.js";

/** Tag and commit of each pinned action, as read from its repository (tests/reference/github-actions/README.md). */
const PINS = JSON.parse(readFileSync(join(ACTIONS_REFERENCE, "pins.json"), "utf8")) as Record<
  string,
  { readonly tag: string; readonly commit: string }
>;

/** `owner/repo[/path]@<full commit SHA>`. */
const PINNED = /^([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)(?:\/[^@\s]+)?@([0-9a-f]{40})$/;
const major = (tag: string) => /^v(\d+)\./.exec(tag)?.[1];

/**
 * Every `uses:` is a local action or workflow that exists, or a remote action pinned by full commit SHA with its
 * version as a comment (`# v7.0.1`) — the comment Dependabot moves with the SHA. A pin at the vendored commit must
 * carry the vendored tag; a pin Dependabot moved must stay within the vendored major version (whose inputs the
 * checks below use).
 */
export function pinProblems(file: GithubFile): string[] {
  const problems: string[] = [];
  for (const { ref, comment, line } of usesLines(file.text)) {
    const at = `${file.name}:${line}`;
    if (ref.startsWith("./")) {
      if (!existsSync(localTarget(ref))) problems.push(`${at} ${ref} does not exist`);
      continue;
    }
    const m = PINNED.exec(ref);
    if (!m) {
      problems.push(`${at} ${ref} is not pinned by a full commit SHA`);
      continue;
    }
    const [repo, sha] = [m[1].toLowerCase(), m[2]];
    const pin = PINS[repo];
    if (!/^v\d+\.\d+\.\d+$/.test(comment)) problems.push(`${at} ${ref} needs its version as a comment (# vX.Y.Z)`);
    else if (!pin) problems.push(`${at} ${repo} is not vendored in tests/reference/github-actions`);
    else if (sha === pin.commit && comment !== pin.tag) {
      problems.push(`${at} ${repo}@${sha} is ${pin.tag}, the comment says ${comment}`);
    } else if (sha !== pin.commit && major(comment) !== major(pin.tag)) {
      problems.push(`${at} ${repo} ${comment}: a new major version; refresh tests/reference/github-actions`);
    }
  }
  return problems;
}

/** Inputs an action or reusable workflow declares, and the ones it requires (no default). */
function declaredInputs(target: Doc): { all: Set<string>; required: string[] } {
  const on = isRecord(target.on) ? target.on : {};
  const raw = isRecord(target.inputs) ? target.inputs : isRecord(on.workflow_call) ? on.workflow_call.inputs : {};
  const inputs = isRecord(raw) ? raw : {};
  const required = Object.entries(inputs)
    .filter(([, d]) => isRecord(d) && d.required === true && d.default === undefined)
    .map(([k]) => k);
  return { all: new Set(Object.keys(inputs)), required };
}

/** The metadata of what `uses:` names: a vendored action.yml, a local action, a local reusable workflow. */
function metadataOf(uses: string): Doc | undefined {
  if (uses.startsWith("./")) return localDoc(uses);
  const repo = PINNED.exec(uses)?.[1].toLowerCase();
  const path = repo ? join(ACTIONS_REFERENCE, repo, "action.yml") : "";
  return repo && existsSync(path) ? parseMapping(readFileSync(path, "utf8")) : undefined;
}

/** Every `with:` names a declared input, and every required input is given. */
export function inputProblems(file: GithubFile): string[] {
  const callers: { where: string; node: Doc }[] = [];
  if (file.kind === "action") callers.push(...stepsOf(file.doc).map((step) => ({ where: "(action)", node: step })));
  for (const [id, job] of jobsOf(file.doc)) {
    callers.push({ where: id, node: job });
    callers.push(...stepsOf(job).map((step) => ({ where: id, node: step })));
  }
  const problems: string[] = [];
  for (const { where, node } of callers) {
    if (typeof node.uses !== "string") continue;
    const meta = metadataOf(node.uses);
    if (!meta) continue; // pinProblems reports what cannot be found
    const { all, required } = declaredInputs(meta);
    const given = isRecord(node.with) ? Object.keys(node.with) : [];
    for (const k of given.filter((g) => !all.has(g))) {
      problems.push(`${file.name} ${where}: '${k}' is not an input of ${node.uses} (inputs: ${[...all].join(", ")})`);
    }
    for (const k of required.filter((r) => !given.includes(r))) {
      problems.push(`${file.name} ${where}: ${node.uses} needs the input '${k}'`);
    }
  }
  return problems;
}
