import { basename, dirname, join, relative } from "node:path";
import type { PlannedStep } from "./plan.js";
import { formatSeconds } from "./progress.js";
import type { RunRecord } from "./record.js";

const show = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") ? path : rel;
};

/** The end-of-run summary: outcome, metrics, verdict, registered version, run folder and charts. */
export function formatSummary(record: RunRecord, runDir: string): string {
  const lines = [`run ${record.run_id}: ${record.status} in ${formatSeconds(record.duration_s ?? 0)}`];
  const add = (label: string, text: string) => lines.push(`  ${label.padEnd(9)} ${text}`);
  if (record.reason) add("reason", record.reason);
  const sweep = record.sweep;
  if (sweep) {
    const won = Object.entries(sweep.params)
      .map(([k, x]) => `${k}=${x}`)
      .join(" ");
    const failed = sweep.failed > 0 ? `, ${sweep.failed} failed` : "";
    add(
      "sweep",
      `${sweep.trials} trials (${sweep.sampling}${failed}); best ${sweep.best_trial}: ${won}, ${sweep.metric} ${sweep.best_value}`,
    );
    add("trials", show(join(runDir, sweep.file)));
  }
  if (record.metrics)
    add(
      "metrics",
      Object.entries(record.metrics)
        .map(([k, x]) => `${k} ${x}`)
        .join(", "),
    );
  const verdict = record.verdict;
  if (verdict && record.status !== "canceled") {
    const anyway = verdict.decision === "not_better" && verdict.action === "register";
    add("verdict", `${verdict.reason}${anyway ? "; registered anyway (ALLOW_RUN_CANCEL=false)" : ""}`);
  } else if (record.params.evaluation === null) {
    add("verdict", "no evaluation (RUN_EVALUATION=false)");
  }
  const reg = record.registration;
  if (reg?.registered) add("model", `${reg.message} → ${reg.uri}`);
  else if (record.status === "canceled") add("model", "not registered");
  add("run", show(join(runDir, "run.json")));
  if (record.plots.length > 0) {
    const dirs = [...new Set(record.plots.map((p) => dirname(p)))];
    const names = record.plots.map((p) => basename(p)).join(", ");
    add("plots", dirs.length === 1 ? `${show(join(runDir, dirs[0]))}/ (${names})` : record.plots.join(", "));
  }
  return lines.join("\n");
}

/** What `run --dry-run` prints: each step, its inputs and its output folder, without running anything. */
export function formatPlan(steps: readonly PlannedStep[], runDir: string): string {
  const lines = [`dry run: would run ${steps.length} steps in ${show(runDir)}/`];
  for (const [i, step] of steps.entries()) {
    lines.push(`  ${i + 1}. ${step.name} → ${step.output}/`);
    for (const [key, value] of Object.entries(step.inputs)) lines.push(`       ${key.padEnd(17)} ${value}`);
  }
  return lines.join("\n");
}
