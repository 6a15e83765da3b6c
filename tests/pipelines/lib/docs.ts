import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./files.js";

export const DOC_FILE = join(REPO, "docs/azure-devops.md");

/** A Markdown table: header cells and rows of cells, backticks stripped. */
export interface Table {
  readonly heading: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, "")
    .split("|")
    .map((c) => c.trim().replace(/^`|`$/g, ""));

/** Every table in the document, with the heading it sits under. */
export function tables(text = readFileSync(DOC_FILE, "utf8")): Table[] {
  const out: Table[] = [];
  let heading = "";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, "").trim();
    if (line.trim().startsWith("|") && /^\s*\|[\s:|-]+\|\s*$/.test(lines[i + 1] ?? "")) {
      const header = cells(line);
      const rows: string[][] = [];
      for (i += 2; i < lines.length && lines[i].trim().startsWith("|"); i++) rows.push(cells(lines[i]));
      out.push({ heading, header, rows });
      i--;
    }
  }
  return out;
}

/** The first column of the table under a heading that contains `needle` (e.g. a file or group name). */
export function firstColumnUnder(
  needle: string,
  all: readonly Table[] = tables(),
): Map<string, readonly string[]> | undefined {
  const table = all.find((t) => t.heading.includes(needle));
  return table ? new Map(table.rows.map((r) => [r[0], r])) : undefined;
}

/** Variable groups documented as "Variable group `NAME`" sections, with their variables. */
export function documentedGroups(all: readonly Table[] = tables()): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of all) {
    const m = /Variable group `([^`]+)`/.exec(t.heading);
    if (m)
      out.set(
        m[1],
        t.rows.map((r) => r[0]),
      );
  }
  return out;
}
