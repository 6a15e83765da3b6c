// Columns and signatures: MLflow's column-based schema types that a model's inputs and target may have.

/** MLflow column types the project reads and serves: numbers (double, long), text (string), booleans. */
export type ColumnType = "double" | "long" | "string" | "boolean";
export const COLUMN_TYPES: readonly ColumnType[] = ["double", "long", "string", "boolean"];

/** One named, typed column (MLflow's ColSpec). */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

/** What a model reads and predicts: its input columns, in model order, and its target column. */
export interface Signature {
  readonly inputs: readonly ColumnSpec[];
  readonly target: ColumnSpec;
}

/** Column names: a letter or '_' first, then letters, digits, '_', '.', '-' (what CSV headers and JSON keys hold). */
export const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;

/** True for the types held as numbers (double, long and boolean as 0/1). */
export const isNumeric = (type: ColumnType): boolean => type !== "string";

/** Problems with a list of columns (names, types, repeats), each naming `where` and the column. */
export function columnProblems(columns: readonly ColumnSpec[], where: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of columns.entries()) {
    if (typeof c?.name !== "string" || !COLUMN_NAME.test(c.name)) {
      problems.push(`${where}[${i}]: name ${JSON.stringify(c?.name)} must match ${COLUMN_NAME}`);
    } else if (seen.has(c.name)) problems.push(`${where}: column ${c.name} is listed twice`);
    else seen.add(c.name);
    if (!COLUMN_TYPES.includes(c?.type)) {
      problems.push(
        `${where}[${i}] (${c?.name}): type ${JSON.stringify(c?.type)} must be one of ${COLUMN_TYPES.join(", ")}`,
      );
    }
  }
  return problems;
}

/** `size double, color string` — for messages. */
export function describeColumns(columns: readonly ColumnSpec[]): string {
  return columns.map((c) => `${c.name} ${c.type}`).join(", ");
}

/**
 * The differences between two signatures, empty when they read and predict the same things (input order aside);
 * `labels` name the two sides in the messages.
 */
export function signatureDifferences(
  a: Signature,
  b: Signature,
  labels: readonly [string, string] = ["first", "second"],
): string[] {
  const out: string[] = [];
  if (a.target.name !== b.target.name || a.target.type !== b.target.type) {
    out.push(`target ${a.target.name} ${a.target.type} vs ${b.target.name} ${b.target.type}`);
  }
  const key = (c: ColumnSpec) => `${c.name} ${c.type}`;
  const left = new Set(a.inputs.map(key));
  const right = new Set(b.inputs.map(key));
  const onlyA = [...left].filter((k) => !right.has(k));
  const onlyB = [...right].filter((k) => !left.has(k));
  if (onlyA.length > 0) out.push(`inputs only in the ${labels[0]}: ${onlyA.join(", ")}`);
  if (onlyB.length > 0) out.push(`inputs only in the ${labels[1]}: ${onlyB.join(", ")}`);
  return out;
}
