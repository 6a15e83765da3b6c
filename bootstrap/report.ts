import type { NameForms } from "./forms.js";
import type { Kept } from "./manifest-types.js";
import type { Plan } from "./plan.js";

/**
 * The plan, one change per line: `edit PATH (N)` with each occurrence as `LINE: old → new`, then
 * `rename OLD → NEW`. tests/bootstrap parses these lines to compare a dry run with the real run's diff.
 */
export function formatPlan(plan: Plan, kept: readonly Kept[]): string[] {
  const lines = [`bootstrap: ${plan.from.snake} → ${plan.to.snake}`];
  for (const change of plan.changes) {
    lines.push(`  edit   ${change.path} (${change.replacements.length})`);
    for (const r of change.replacements) lines.push(`           ${r.line}: ${r.from} → ${r.to}`);
  }
  for (const r of plan.renames) lines.push(`  rename ${r.from} → ${r.to}`);
  for (const path of plan.missing) lines.push(`  skip   ${path} (listed in bootstrap/manifest.ts, not in this tree)`);
  for (const l of plan.unaccounted) lines.push(`  leave  ${l.where} "${l.text}" (${l.why})`);
  for (const k of kept) {
    const what = k.text ?? (k.pattern === undefined ? undefined : `/${k.pattern}/`);
    lines.push(`  keep   ${what ? `${JSON.stringify(what)} in ${k.path}` : k.path}: ${k.why}`);
  }
  const occurrences = plan.changes.reduce((n, c) => n + c.replacements.length, 0);
  lines.push(`  total  files ${plan.changes.length}, occurrences ${occurrences}, renames ${plan.renames.length}`);
  if (plan.unaccounted.length > 0) {
    lines.push(
      `  note   ${plan.unaccounted.length} occurrence(s) of '${plan.from.snake}' outside bootstrap/manifest.ts are ` +
        "left as they are (see 'leave'): rename them by hand, or list their files in the manifest's places",
    );
  }
  return lines;
}

/** What to do after a rename. */
export function nextSteps(from: NameForms, to: NameForms): string[] {
  return [
    "next steps:",
    "  1. review and commit:   git status && git diff --stat && git add -A && git commit -m " +
      `"Rename project to ${to.snake}"`,
    "  2. check it still works: npm run typecheck && npm test && npm start",
    "  3. swap in your model:  docs/bring-your-own-model.md lists every file to change",
    "  4. Azure:               npm run synth, then cdktf deploy — resource names now derive from " +
      `'${to.snake}'; anything deployed as '${from.snake}' is not renamed (new resources are created; remove the ` +
      "old ones yourself)",
    `  local runs and models under .mlops/ keep the old names; they were not touched`,
  ];
}
