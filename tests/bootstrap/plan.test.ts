import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../bootstrap/apply.js";
import { nameForms } from "../../bootstrap/forms.js";
import type { Manifest } from "../../bootstrap/manifest-types.js";
import { buildPlan } from "../../bootstrap/plan.js";
import { listFiles } from "../../bootstrap/tree.js";
import { fingerprint } from "./helpers.js";

// A small tree with a manifest of its own: a renamed folder, a renamed file, kept text, protected data, and
// occurrences the manifest does not cover.
const MANIFEST: Manifest = {
  markers: [{ path: ".pipelines/{snake}-vars.yml" }],
  places: [
    { path: "models/{snake}/config.json", forms: ["snake", "kebab"], why: "a folder named after the project" },
    { path: ".pipelines/{snake}-vars.yml", forms: ["pascal", "compact"], why: "a file named after the project" },
  ],
  kept: [{ path: "README.md", text: "the sales_forecast paper", why: "a citation" }],
  protected: ["data/"],
};
const TREE: Record<string, string> = {
  "models/sales_forecast/config.json": '{"name": "sales-forecast", "model": "sales_forecast_model"}\n',
  "models/sales_forecast/weights.txt": "0.5\n",
  ".pipelines/sales_forecast-vars.yml": "stack: SalesForecastStack\nacr: crsalesforecastdev\n",
  "README.md": "See the sales_forecast paper.\nOur Sales Forecast and SALES-FORECAST.\n",
  "data/sales_forecast.csv": "sales_forecast\n1\n",
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "mlops-bootstrap-plan-"));
  for (const [path, text] of Object.entries(TREE)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const plan = () => buildPlan(root, listFiles(root), MANIFEST, nameForms("sales_forecast"), nameForms("demand_plan"));

describe("buildPlan and applyPlan on a tree with its own manifest", () => {
  it("plans form-by-form edits, folder and file renames, and reports the rest", () => {
    const p = plan();
    expect(p.changes.map((c) => [c.path, c.newPath, c.replacements.map((r) => `${r.line}:${r.from}→${r.to}`)])).toEqual(
      [
        [
          ".pipelines/sales_forecast-vars.yml",
          ".pipelines/demand_plan-vars.yml",
          ["1:SalesForecast→DemandPlan", "2:salesforecast→demandplan"],
        ],
        [
          "models/sales_forecast/config.json",
          "models/demand_plan/config.json",
          ["1:sales-forecast→demand-plan", "1:sales_forecast→demand_plan"],
        ],
      ],
    );
    expect(p.renames).toEqual([
      { from: "models/sales_forecast", to: "models/demand_plan" },
      { from: ".pipelines/sales_forecast-vars.yml", to: ".pipelines/demand_plan-vars.yml" },
    ]);
    expect(p.unaccounted).toEqual([
      { where: "README.md:2", text: "SALES-FORECAST", why: "not a known form" },
      { where: "README.md:2", text: "Sales Forecast", why: "in a file the manifest does not list" },
    ]);
  });

  it("applies it: contents, a folder with its unlisted files, a file; kept text and protected data untouched", async () => {
    await applyPlan(root, plan());
    expect(listFiles(root)).toEqual([
      ".pipelines/demand_plan-vars.yml",
      "README.md",
      "data/sales_forecast.csv",
      "models/demand_plan/config.json",
      "models/demand_plan/weights.txt",
    ]);
    expect(readFileSync(join(root, "models/demand_plan/config.json"), "utf8")).toBe(
      '{"name": "demand-plan", "model": "demand_plan_model"}\n',
    );
    expect(readFileSync(join(root, ".pipelines/demand_plan-vars.yml"), "utf8")).toBe(
      "stack: DemandPlanStack\nacr: crdemandplandev\n",
    );
    expect(readFileSync(join(root, "README.md"), "utf8")).toBe(TREE["README.md"]);
    expect(readFileSync(join(root, "data/sales_forecast.csv"), "utf8")).toBe(TREE["data/sales_forecast.csv"]);
  });

  it.each([0, 1, 2, 3, 4])("undoes everything when it fails after %i operations", async (n) => {
    const before = fingerprint(root);
    await expect(applyPlan(root, plan(), { failAfter: n })).rejects.toThrow(
      `failed after ${n} of 4 operations (injected failure after ${n} of 4 operations (BOOTSTRAP_FAIL_AFTER=${n})); every change was undone`,
    );
    expect(fingerprint(root)).toEqual(before);
  });

  it("refuses a rename onto an existing path, before changing anything", () => {
    mkdirSync(join(root, "models/demand_plan"));
    expect(plan).toThrow(
      "cannot rename models/sales_forecast to models/demand_plan: models/demand_plan already exists",
    );
  });
});
