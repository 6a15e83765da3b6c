// What the UI shows, read from `.mlops/` and never written: the runs (`runs/<id>/run.json`, local and Azure ML runs
// alike: both are recorded in the same shape, ARCHITECTURE §5) and the registry (through mlops/registry).
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";

/** One step of a run, as run.json records it (Azure ML runs have none: their steps ran in the job). */
export interface StepView {
  readonly name: string;
  readonly status: string;
  readonly started_utc: string | null;
  readonly duration_s: number | null;
  readonly output?: string;
  readonly error?: string;
  readonly reason?: string;
}

/** A run.json, read defensively: every field may be missing in an older, newer or Azure ML record. */
export interface RunView {
  /** The run's folder name (its id). */
  readonly id: string;
  readonly dir: string;
  readonly target: string;
  readonly status: string;
  readonly startedUtc: string | null;
  readonly endedUtc: string | null;
  readonly durationS: number | null;
  readonly experimentName: string | null;
  readonly modelName: string | null;
  readonly params: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, number>>;
  readonly verdict: Readonly<Record<string, unknown>> | null;
  readonly registration: Readonly<Record<string, unknown>> | null;
  readonly buildId: string | null;
  readonly buildUri: string | null;
  readonly dataFile: string | null;
  readonly dataSha256: string | null;
  /** An Azure ML run's training data asset (`<name>:<version>`). */
  readonly dataAsset: string | null;
  readonly gitCommit: string | null;
  readonly steps: readonly StepView[];
  /** Chart files relative to the run folder. */
  readonly plots: readonly string[];
  readonly reason: string | null;
  /** An Azure ML run's job: name, status and studio link. */
  readonly job: Readonly<Record<string, unknown>> | null;
  /** The fields of run.json this view does not name (shown as they are, e.g. added by a newer pipeline). */
  readonly other: Readonly<Record<string, unknown>>;
}

const KNOWN = new Set([
  "run_id",
  "target",
  "status",
  "started_utc",
  "ended_utc",
  "duration_s",
  "experiment_name",
  "model_name",
  "params",
  "variables",
  "metrics",
  "verdict",
  "registration",
  "build_id",
  "build_uri",
  "data",
  "data_asset",
  "git_commit",
  "steps",
  "plots",
  "reason",
  "job",
]);

/**
 * A run id as a folder name: anything but a path (no '/', '\\', NUL) and not '.' or '..' — so a request for a run
 * can never name a folder outside `runs/`.
 */
export function isRunId(id: string): boolean {
  return id.length > 0 && id.length <= 255 && id !== "." && id !== ".." && !/[/\\\0]/.test(id);
}

const text = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const object = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/** The view of one parsed run.json. */
export function runView(id: string, dir: string, raw: Record<string, unknown>): RunView {
  const data = object(raw.data);
  const metrics: Record<string, number> = {};
  for (const [k, v] of Object.entries(object(raw.metrics) ?? {})) if (typeof v === "number") metrics[k] = v;
  const other: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!KNOWN.has(k)) other[k] = v;
  return {
    id,
    dir,
    target: text(raw.target) ?? "local",
    status: text(raw.status) ?? "unknown",
    startedUtc: text(raw.started_utc),
    endedUtc: text(raw.ended_utc),
    durationS: num(raw.duration_s),
    experimentName: text(raw.experiment_name),
    modelName: text(raw.model_name),
    params: object(raw.params) ?? {},
    variables: object(raw.variables) ?? {},
    metrics,
    verdict: object(raw.verdict),
    registration: object(raw.registration),
    buildId: text(raw.build_id) || null, // "" outside CI: shown as unknown
    buildUri: text(raw.build_uri) || null,
    dataFile: text(data?.file),
    dataSha256: text(data?.sha256),
    dataAsset: text(raw.data_asset),
    gitCommit: text(raw.git_commit),
    steps: Array.isArray(raw.steps)
      ? (raw.steps.filter((s) => object(s) && typeof s.name === "string") as StepView[])
      : [],
    plots: Array.isArray(raw.plots) ? raw.plots.filter((p): p is string => typeof p === "string") : [],
    reason: text(raw.reason),
    job: object(raw.job),
    other,
  };
}

/** `<home>/runs/<id>`; undefined for an id that is not a plain folder name. */
export function runDir(home: string, id: string): string | undefined {
  return isRunId(id) ? join(home, "runs", id) : undefined;
}

/** One run, or undefined when there is no such run (or its run.json is not JSON, which says the same to a reader). */
export async function readRun(home: string, id: string): Promise<RunView | undefined> {
  const dir = runDir(home, id);
  if (dir === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, "run.json"), "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || error instanceof SyntaxError) return undefined;
    throw error;
  }
  const record = object(raw);
  return record ? runView(id, dir, record) : undefined;
}

// The parsed run.json of each run by folder, kept while its size and mtime are unchanged: a page over 1,000 runs
// then costs a stat per run, not a read and parse (a run in progress rewrites run.json, which changes both).
const cache = new Map<string, { readonly key: string; readonly view: RunView | undefined }>();

async function readRunCached(home: string, id: string): Promise<RunView | undefined> {
  const dir = join(home, "runs", id);
  const info = await stat(join(dir, "run.json")).catch(() => undefined);
  if (info === undefined) return undefined;
  const key = `${info.size}:${info.mtimeMs}`;
  const hit = cache.get(dir);
  if (hit?.key === key) return hit.view;
  const view = await readRun(home, id);
  cache.set(dir, { key, view });
  return view;
}

/** Every run under `<home>/runs`, newest first (by start time, then id). */
export async function listRuns(home: string): Promise<RunView[]> {
  const ids = await readdir(join(home, "runs")).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const views = await Promise.all(
    ids.filter((id) => isRunId(id) && !id.startsWith(".")).map((id) => readRunCached(home, id)),
  );
  return views
    .filter((v): v is RunView => v !== undefined)
    .sort((a, b) => (b.startedUtc ?? "").localeCompare(a.startedUtc ?? "") || b.id.localeCompare(a.id));
}
