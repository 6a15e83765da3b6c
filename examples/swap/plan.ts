// What `npm run example:e2e` moves: an example's folders onto the project's (training/, scoring/, data/,
// tests/training/, tests/scoring/), its knob values into the variables template, its dependencies into
// package.json and the lockfile. Nothing else of a project changes when its model is swapped.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The folders a model owns, the same path in an example and in the project. */
export const MODEL_FOLDERS: readonly string[] = ["training", "scoring", "data", "tests/training", "tests/scoring"];
/** The example's manifest: its dependencies and knob values. */
export const MANIFEST = "example.json";
/** Project files a swap may change beside the model's folders. */
export const DEPENDENCY_FILES: readonly string[] = ["package.json", "package-lock.json"];

/** An example's manifest. */
export interface ExampleManifest {
  readonly description: string;
  /** npm package → exact version. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** Variables-template knob → value (DATA_FILE, TRAIN_<NAME> per hyperparameter, EVALUATION_*…). */
  readonly knobs: Readonly<Record<string, string>>;
}

/** The examples there are (folders of examples/ holding a manifest). */
export function exampleNames(root: string): string[] {
  const dir = join(root, "examples");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, MANIFEST)))
    .map((d) => d.name)
    .sort();
}

/** Reads and checks an example's manifest; errors name the file, the problem and the fix. */
export function readManifest(root: string, example: string): ExampleManifest {
  const dir = join(root, "examples", example);
  if (!existsSync(join(dir, MANIFEST))) {
    throw new Error(
      `no example '${example}' (examples/${example}/${MANIFEST} is missing); examples: ${exampleNames(root).join(", ")}`,
    );
  }
  const m = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as ExampleManifest;
  const problems: string[] = [];
  for (const [name, version] of Object.entries(m.dependencies ?? {}))
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`dependency ${name}: '${version}' is not an exact version`);
  for (const [knob, value] of Object.entries(m.knobs ?? {}))
    if (!/^[A-Z][A-Z0-9_]*$/.test(knob) || typeof value !== "string") problems.push(`knob ${knob}: a string value`);
  for (const folder of MODEL_FOLDERS)
    if (!existsSync(join(dir, folder))) problems.push(`the folder ${folder}/ is missing (every model owns it)`);
  if (problems.length > 0) throw new Error(`examples/${example}/${MANIFEST}: ${problems.join("; ")}`);
  return m;
}

/** The variables template of a project (its name follows the project's name). */
export function templateFile(root: string): string {
  const dir = join(root, ".pipelines");
  const name = readdirSync(dir).find((f) => f.endsWith("-variables-template.yml"));
  if (!name) throw new Error(`no *-variables-template.yml in ${dir}`);
  return join(".pipelines", name);
}

/**
 * Sets the knob values in the variables template's text, keeping every other line: a knob's `value:` line is
 * rewritten; the model knobs the template has and the example does not set (the old model's TRAIN_<NAME>) are
 * removed; new ones go where the first removed TRAIN_ knob was (else after TRAIN_FEATURES).
 */
export function setKnobs(text: string, knobs: Readonly<Record<string, string>>, machinery: readonly string[]): string {
  const lines = text.split("\n");
  const at = (name: string) => lines.findIndex((l) => l.trim() === `- name: ${name}`);
  const entry = (name: string, value: string) => [`  - name: ${name}`, `    value: ${JSON.stringify(value)}`];
  const present = lines.flatMap((l) => /^\s*- name: (TRAIN_[A-Z0-9_]+)\s*$/.exec(l)?.[1] ?? []);
  let insertAt = -1;
  for (const old of present.filter((k) => !machinery.includes(k) && !(k in knobs))) {
    const i = at(old);
    lines.splice(i, 2);
    if (insertAt < 0) insertAt = i;
  }
  const added: string[] = [];
  for (const [name, value] of Object.entries(knobs)) {
    const i = at(name);
    if (i >= 0) lines[i + 1] = lines[i + 1].replace(/value: .*$/, `value: ${JSON.stringify(value)}`);
    else added.push(...entry(name, value));
  }
  if (added.length > 0) {
    if (insertAt < 0) insertAt = at("TRAIN_FEATURES") + 2;
    lines.splice(insertAt, 0, ...added);
  }
  return lines.join("\n");
}

/** The TRAIN_ knobs the machinery owns (not a model's hyperparameters). */
export const MACHINERY_TRAIN_KNOBS: readonly string[] = ["TRAIN_FEATURES", "TRAIN_TEST_SIZE", "TRAIN_RANDOM_STATE"];

/** Replaces the project's model folders at `project` with the example's and sets its knobs (no install). */
export function swapModel(root: string, example: string, project: string): ExampleManifest {
  const manifest = readManifest(root, example);
  for (const folder of MODEL_FOLDERS) {
    rmSync(join(project, folder), { recursive: true, force: true });
    cpSync(join(root, "examples", example, folder), join(project, folder), { recursive: true });
  }
  const template = join(project, templateFile(project));
  writeFileSync(template, setKnobs(readFileSync(template, "utf8"), manifest.knobs, MACHINERY_TRAIN_KNOBS));
  return manifest;
}

/**
 * Changed paths of a swapped copy (git's view) that a model swap must not touch: anything outside the model
 * folders, the variables template and the dependency files; package.json changed beyond its dependencies; a
 * lockfile entry of the project that changed version.
 */
export function diffProblems(changed: readonly string[], project: string, before: (path: string) => string): string[] {
  const template = templateFile(project);
  const problems = changed
    .filter((p) => !MODEL_FOLDERS.some((f) => p.startsWith(`${f}/`)) && p !== template)
    .filter((p) => !DEPENDENCY_FILES.includes(p))
    .map((p) => `${p} changed (outside the model's folders, knobs and dependencies)`);
  if (changed.includes("package.json")) {
    const strip = (text: string) => JSON.stringify({ ...JSON.parse(text), dependencies: undefined });
    if (strip(before("package.json")) !== strip(readFileSync(join(project, "package.json"), "utf8")))
      problems.push("package.json changed beyond its dependencies");
  }
  if (changed.includes("package-lock.json")) {
    type Lock = { packages: Record<string, { version?: string }> };
    const old = (JSON.parse(before("package-lock.json")) as Lock).packages;
    const now = (JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as Lock).packages;
    for (const [path, entry] of Object.entries(old))
      if (path !== "" && now[path]?.version !== entry.version)
        problems.push(`package-lock.json: ${path} ${entry.version} became ${now[path]?.version ?? "absent"}`);
  }
  return problems;
}
