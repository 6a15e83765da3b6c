import { describe, expect, it } from "vitest";
import {
  forestFromJson,
  forestOf,
  forestToJson,
  rowsOf,
  trainLibraryForest,
  treeVote,
  voteShares,
} from "../../training/index.js";
import { frame, matrix, split } from "./helpers.js";

// A small forest keeps the tests fast; the default (100 trees) is measured in auc.test.ts.
const params = { nEstimators: 15, maxFeatures: 0.5, seed: 0 };
const labels = (split.train.y as readonly string[]).map((l) => (l === "malignant" ? 1 : 0));
const train = matrix(split.train.x);
const all = matrix({ ...frame, columns: frame.columns.slice(0, 30), values: frame.values.slice(0, 30) });
const library = trainLibraryForest(train, labels, params);
const features = split.train.x.columns.map((c) => c.name);
const forest = forestOf(library, features, ["benign", "malignant"]);
const votes = library.predictionValues(rowsOf(all));

describe("the forest read out of ml-random-forest", () => {
  it("votes as the library's trees do, tree by tree, on all 569 rows", () => {
    for (let r = 0; r < all.rows; r++) {
      expect(forest.trees.map((t) => treeVote(t, all, r))).toEqual(votes.getRow(r));
    }
  });

  it("saved and loaded, answers the same probabilities: the library's vote shares, on every row", () => {
    const loaded = forestFromJson(forestToJson(forest));
    expect(loaded).toEqual(forest);
    const p = voteShares(loaded, all);
    for (let r = 0; r < all.rows; r++) {
      const malignant = votes.getRow(r).filter((v) => v === 1).length;
      expect([p[2 * r], p[2 * r + 1]]).toEqual([(15 - malignant) / 15, malignant / 15]);
    }
  });

  it("is the same forest for the same seed and another for another seed", () => {
    const again = forestOf(trainLibraryForest(train, labels, params), features, forest.classes);
    const other = forestOf(trainLibraryForest(train, labels, { ...params, seed: 1 }), features, forest.classes);
    expect(again).toEqual(forest);
    expect(other).not.toEqual(forest);
  });

  it("grows each tree on half the columns (15 of 30, drawn with replacement), the max_features share", () => {
    for (const index of library.indexes) expect(index).toHaveLength(15);
  });
});

describe("the model file", () => {
  const text = forestToJson(forest);
  type Json = {
    format: string;
    classes: string[];
    trees: { left: number[]; leafClass: number[]; feature: number[] }[];
  };
  const edit = (f: (json: Json) => void) => {
    const json = JSON.parse(text);
    f(json);
    return JSON.stringify(json);
  };

  it("is compact JSON, one tree per line", () => {
    expect(text.split("\n")).toHaveLength(forest.trees.length + 3);
  });

  it.each([
    ["not json", "not JSON", () => "{"],
    ["another format", 'format is "x"', () => edit((j) => Object.assign(j, { format: "x" }))],
    ["one class", "classes must list at least two", () => edit((j) => Object.assign(j, { classes: ["benign"] }))],
    [
      "a leaf voting for class 7",
      "leaf class 7 is not a class index (0..1)",
      () =>
        edit((j) => {
          const t = j.trees[0];
          t.leafClass[t.left.indexOf(-1)] = 7;
        }),
    ],
    [
      "a cycle",
      "must be later nodes of the tree",
      () =>
        edit((j) => {
          j.trees[0].left[0] = 0;
        }),
    ],
    [
      "a column out of range",
      "feature 30 is not a column index (0..29)",
      () =>
        edit((j) => {
          j.trees[0].feature[0] = 30;
        }),
    ],
  ])("refuses %s, naming the file and the problem", (_what, message, make) => {
    expect(() => forestFromJson(make(), "forest.json")).toThrow(message);
    expect(() => forestFromJson(make(), "forest.json")).toThrow(/^forest\.json: /);
  });
});
