// The model file: the forest as compact JSON (~35 KB for 100 trees on this data), read back exactly (JSON numbers
// round-trip doubles), checked so that a damaged file is refused naming what is wrong rather than mispredicting.
import type { Forest, Tree } from "./types.js";

/** The model file's name in the model folder. */
export const FOREST_FILE = "forest.json";
/** The file's format tag: bump it when the layout changes. */
export const FOREST_FORMAT = "mlops-ts-forest/1";

/** The forest as the model file's text. */
export function forestToJson(forest: Forest): string {
  // One tree per line keeps the file diffable and still small.
  const trees = forest.trees.map((t) => JSON.stringify(t)).join(",\n");
  const head = JSON.stringify({ format: FOREST_FORMAT, features: forest.features, classes: forest.classes });
  return `${head.slice(0, -1)},"trees":[\n${trees}\n]}\n`;
}

/** Problems with one tree's arrays (lengths, child links inside the tree and forward, indices in range). */
function treeProblems(tree: Tree, t: number, features: number, classes: number): string[] {
  const keys = ["feature", "threshold", "left", "right", "leafClass"] as const;
  const bad = keys.filter((k) => !Array.isArray(tree?.[k]) || !tree[k].every((v) => typeof v === "number"));
  if (bad.length > 0) return [`tree ${t}: ${bad.join(", ")} must be arrays of numbers`];
  const n = tree.left.length;
  if (n === 0 || keys.some((k) => tree[k].length !== n)) return [`tree ${t}: its arrays differ in length or are empty`];
  for (let i = 0; i < n; i++) {
    const leaf = tree.left[i] === -1;
    const where = `tree ${t} node ${i}`;
    if (leaf && !(Number.isInteger(tree.leafClass[i]) && tree.leafClass[i] >= 0 && tree.leafClass[i] < classes))
      return [`${where}: leaf class ${tree.leafClass[i]} is not a class index (0..${classes - 1})`];
    // Children come after their parent (preorder), so every walk ends.
    const child = (c: number) => Number.isInteger(c) && c > i && c < n;
    if (!leaf && !(child(tree.left[i]) && child(tree.right[i])))
      return [`${where}: children ${tree.left[i]}, ${tree.right[i]} must be later nodes of the tree`];
    if (!leaf && !(Number.isInteger(tree.feature[i]) && tree.feature[i] >= 0 && tree.feature[i] < features))
      return [`${where}: feature ${tree.feature[i]} is not a column index (0..${features - 1})`];
    if (!leaf && !Number.isFinite(tree.threshold[i])) return [`${where}: threshold ${tree.threshold[i]} is not finite`];
  }
  return [];
}

/** Reads the model file's text back; errors name the file (`source`) and every problem found. */
export function forestFromJson(text: string, source = FOREST_FILE): Forest {
  let json: { format?: unknown; features?: unknown; classes?: unknown; trees?: unknown };
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${(error as Error).message}); re-train to write it again`);
  }
  const problems: string[] = [];
  if (json?.format !== FOREST_FORMAT)
    problems.push(`format is ${JSON.stringify(json?.format)}, expected ${JSON.stringify(FOREST_FORMAT)}`);
  const names = (v: unknown) => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string");
  if (!names(json?.features)) problems.push("features must be a non-empty list of column names");
  if (!names(json?.classes) || (json.classes as string[]).length < 2)
    problems.push("classes must list at least two class names");
  if (!Array.isArray(json?.trees) || json.trees.length === 0) problems.push("trees must be a non-empty list");
  if (problems.length === 0) {
    const [features, classes] = [(json.features as string[]).length, (json.classes as string[]).length];
    (json.trees as Tree[]).forEach((tree, t) => {
      problems.push(...treeProblems(tree, t, features, classes));
    });
  }
  if (problems.length > 0) throw new Error(`${source}: ${problems.join("; ")}`);
  return { features: json.features as string[], classes: json.classes as string[], trees: json.trees as Tree[] };
}
