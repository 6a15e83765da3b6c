/** A printed plan, parsed back: each edited file's occurrences and each rename. */
export interface PrintedPlan {
  readonly edits: Map<string, { line: number; from: string; to: string }[]>;
  readonly renames: Map<string, string>;
}

/** Parses the `edit PATH (N)` / `LINE: old → new` / `rename OLD → NEW` lines bootstrap prints. */
export function parsePlan(stdout: string): PrintedPlan {
  const edits: PrintedPlan["edits"] = new Map();
  const renames = new Map<string, string>();
  let current: { line: number; from: string; to: string }[] | undefined;
  for (const line of stdout.split("\n")) {
    const edit = /^ {2}edit {3}(\S+) \((\d+)\)$/.exec(line);
    const hit = /^ {11}(\d+): (.+) → (.+)$/.exec(line);
    const rename = /^ {2}rename (\S+) → (\S+)$/.exec(line);
    if (edit) {
      current = [];
      edits.set(edit[1], current);
    } else if (hit && current) {
      current.push({ line: Number(hit[1]), from: hit[2], to: hit[3] });
    } else if (rename) {
      renames.set(rename[1], rename[2]);
    }
  }
  return { edits, renames };
}
